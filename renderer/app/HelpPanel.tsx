import { HELP_TEXT, SCREEN_HELP } from './help.ts';

/** The help of one screen, shown under the header when a person asks for it. */
export function HelpPanel({ routeId, onClose }: { readonly routeId: string; readonly onClose: () => void }) {
  const h = SCREEN_HELP[routeId];
  if (!h) return null;
  const T = HELP_TEXT;
  return (
    <aside className="help-panel" aria-label={`${T.button}: ${h.title}`} data-testid="help-panel" data-route={routeId}>
      <div className="help-panel__head">
        <h2 className="help-panel__title">
          {T.button}: {h.title}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose} data-testid="help-close">
          {T.close}
        </button>
      </div>
      <h3 className="help-panel__h">{T.showsHeading}</h3>
      <p className="help-panel__p">{h.shows}</p>
      <p className="help-panel__p muted">{T.alarmsNote}</p>
      <h3 className="help-panel__h">{T.actionsHeading}</h3>
      {h.actions.length === 0 ? (
        <p className="help-panel__p">{T.noActions}</p>
      ) : (
        <table className="data-table help-panel__table">
          <thead>
            <tr>
              <th>{T.colAction}</th>
              <th>{T.colDoes}</th>
              <th>{T.colWho}</th>
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
