import { useEffect } from 'react';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { formatClock, formatCount } from '../../format/time.ts';
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
  const ui = useHoldsUi();
  const may = useMay(QUALITY);
  const timeZone = useTimeZone();
  // ERP propagation and the quantity of a running line hold change without a hold command: look again every few seconds.
  useEffect(() => {
    void loadHolds();
    const t = setInterval(() => void loadHolds(), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  const active = ui.holds.filter((h) => h.status === 'active');
  const past = ui.holds.filter((h) => h.status === 'released');
  return (
    <section className="holds-screen" aria-labelledby="holds-title" data-testid="holds-screen">
      <h1 id="holds-title" className="holds-screen__title">
        Quality holds <span className="muted">({active.length} active)</span>
      </h1>
      {/* A release that went through closes its form and moves the hold to the released list: its answer goes here. */}
      {ui.message?.ok && ui.message.at.startsWith('release:') ? <HoldsAnswerLine at={ui.message.at} /> : null}
      {may ? <PlaceHoldForm /> : <p className="muted" data-testid="holds-readonly">Holds are placed and released by quality leads. Sign in as one to act here.</p>}
      <h2 className="holds-screen__sub">Active</h2>
      {active.length === 0 ? <p className="muted" data-testid="holds-none">No active holds.</p> : null}
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
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;
  return (
    <section className="panel" aria-labelledby="past-holds-title">
      <h2 id="past-holds-title" className="panel__title">Released</h2>
      <table className="data-table hold-table" data-testid="past-holds">
        <thead>
          <tr>
            <th scope="col">Hold</th>
            <th scope="col">Held good</th>
            <th scope="col">Released</th>
            <th scope="col">Line</th>
            <th scope="col">ERP (hold / release)</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((h) => (
            <tr key={h.id} data-testid="past-hold" data-hold-id={h.id}>
              <td>
                {scopeText(h.scope, nameOf, timeZone)}
                <div className="muted">{h.reason}</div>
              </td>
              <td className="num">{formatCount(h.qty.good)}</td>
              <td>
                {h.released ? `${formatClock(h.released.at, timeZone)} by ${h.released.by.displayName}, confirmed by ${h.released.confirmedBy.displayName}` : ''}
                <div className="muted">{h.released?.reason}</div>
              </td>
              <td className={`reach reach--${interlockView(h, timeZone).tone}`} data-testid="past-interlock" data-state={h.interlock.state}>
                {interlockView(h, timeZone).text}
              </td>
              <td data-testid="past-erp" data-state={`${h.erp.place.state}/${h.erp.release?.state ?? ''}`}>
                <div className={`reach reach--${erpView(h.erp.place).tone}`}>
                  <span className="erp-leg__what">Hold:</span>
                  {erpView(h.erp.place).text}
                </div>
                {h.erp.release ? (
                  <div className={`reach reach--${erpView(h.erp.release).tone}`}>
                    <span className="erp-leg__what">Release:</span>
                    {erpView(h.erp.release).text}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
