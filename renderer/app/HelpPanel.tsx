import { useT } from '../i18n/index.tsx';
import { screenHelp } from './help.ts';

/** The help of one screen, shown under the header when a person asks for it. */
export function HelpPanel({ routeId, onClose }: { readonly routeId: string; readonly onClose: () => void }) {
  const t = useT('help');
  const h = screenHelp(t, routeId);
  if (!h) return null;
  return (
    <aside className="help-panel" aria-label={t('ui.panelLabel', { screen: h.title })} data-testid="help-panel" data-route={routeId}>
      <div className="help-panel__head">
        <h2 className="help-panel__title">{t('ui.panelLabel', { screen: h.title })}</h2>
        <button type="button" className="button button--quiet" onClick={onClose} data-testid="help-close">
          {t('ui.close')}
        </button>
      </div>
      <h3 className="help-panel__h">{t('ui.showsHeading')}</h3>
      <p className="help-panel__p">{h.shows}</p>
      <p className="help-panel__p muted">{t('ui.alarmsNote')}</p>
      <h3 className="help-panel__h">{t('ui.actionsHeading')}</h3>
      {h.actions.length === 0 ? (
        <p className="help-panel__p">{t('ui.noActions')}</p>
      ) : (
        <table className="data-table help-panel__table">
          <thead>
            <tr>
              <th>{t('ui.colAction')}</th>
              <th>{t('ui.colDoes')}</th>
              <th>{t('ui.colWho')}</th>
            </tr>
          </thead>
          <tbody>
            {h.actions.map((a) => (
              <tr key={a.action}>
                <td>{a.action}</td>
                <td>{a.does}</td>
                <td>{a.who}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
