import { useEffect } from 'react';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { useFormat, useLang, useT, useTMessage } from '../../i18n/index.tsx';
import { loadHolds, useHoldsUi } from '../../stores/holdsStore.ts';
import { linesStore } from '../../stores/linesStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { HoldCard } from './HoldCard.tsx';
import { HoldsAnswerLine } from './HoldsAnswerLine.tsx';
import { erpView, interlockView, scopeText } from './holdText.ts';
import { PlaceHoldForm } from './PlaceHoldForm.tsx';

const QUALITY = ['quality'] as const;
const REFRESH_MS = 3_000;

/** Quality holds: place one, see what each covers and whether it reached the line and the ERP, release with two people. */
export function HoldsScreen() {
  const t = useT('holds');
  const ui = useHoldsUi();
  const may = useMay(QUALITY);
  const timeZone = useTimeZone();
  // ERP propagation and the quantity of a running line hold change without a hold command: look again every few seconds.
  useEffect(() => {
    void loadHolds();
    const timer = setInterval(() => void loadHolds(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const active = ui.holds.filter((h) => h.status === 'active');
  const past = ui.holds.filter((h) => h.status === 'released');
  return (
    <section className="holds-screen" aria-labelledby="holds-title" data-testid="holds-screen">
      <h1 id="holds-title" className="holds-screen__title">
        {t('title')} <span className="muted">{t('activeCount', { n: active.length })}</span>
      </h1>
      {/* A release that went through closes its form and moves the hold to the released list: its answer goes here. */}
      {ui.message?.ok && ui.message.at.startsWith('release:') ? <HoldsAnswerLine at={ui.message.at} /> : null}
      {may ? (
        <PlaceHoldForm />
      ) : (
        <p className="muted" data-testid="holds-readonly">
          {t('readonly')}
        </p>
      )}
      <h2 className="holds-screen__sub">{t('active')}</h2>
      {active.length === 0 ? (
        <p className="muted" data-testid="holds-none">
          {t('none')}
        </p>
      ) : null}
      <div className="holds-screen__list">
        {active.map((h) => (
          <HoldCard key={h.id} hold={h} mayAct={may} timeZone={timeZone} />
        ))}
      </div>
      {past.length > 0 ? <PastHolds holds={past} timeZone={timeZone} /> : null}
    </section>
  );
}

function PastHolds({ holds, timeZone }: { readonly holds: readonly HoldView[]; readonly timeZone: string | undefined }) {
  const t = useT('holds');
  const f = useFormat();
  const lang = useLang();
  const tm = useTMessage();
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;
  const now = Date.now();
  return (
    <section className="panel" aria-labelledby="past-holds-title">
      <h2 id="past-holds-title" className="panel__title">
        {t('released')}
      </h2>
      <table className="data-table hold-table" data-testid="past-holds">
        <thead>
          <tr>
            <th scope="col">{t('past.hold')}</th>
            <th scope="col">{t('past.heldGood')}</th>
            <th scope="col">{t('past.released')}</th>
            <th scope="col">{t('past.line')}</th>
            <th scope="col">{t('past.erp')}</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((h) => {
            const il = interlockView(h, timeZone, t, lang, tm);
            const place = erpView(h.erp.place, t, tm);
            const release = h.erp.release ? erpView(h.erp.release, t, tm) : null;
            return (
              <tr key={h.id} data-testid="past-hold" data-hold-id={h.id}>
                <td>
                  {scopeText(h.scope, nameOf, timeZone, now, t, lang)}
                  <div className="muted">{h.reason}</div>
                </td>
                <td className="num">{f.count(h.qty.good)}</td>
                <td>
                  {h.released ? t('past.releasedBy', { time: f.timeOrDateTime(h.released.at, now), by: h.released.by.displayName, confirmer: h.released.confirmedBy.displayName }) : ''}
                  <div className="muted">{h.released?.reason}</div>
                </td>
                <td className={`reach reach--${il.tone}`} data-testid="past-interlock" data-state={h.interlock.state}>
                  {il.text}
                </td>
                <td data-testid="past-erp" data-state={`${h.erp.place.state}/${h.erp.release?.state ?? ''}`}>
                  <div className={`reach reach--${place.tone}`}>
                    <span className="erp-leg__what">{t('past.holdLeg')}</span>
                    {place.text}
                  </div>
                  {release ? (
                    <div className={`reach reach--${release.tone}`}>
                      <span className="erp-leg__what">{t('past.releaseLeg')}</span>
                      {release.text}
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
