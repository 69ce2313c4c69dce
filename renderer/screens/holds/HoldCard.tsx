import { useState } from 'react';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { DEFECT_LABELS } from '../../../shared/domain/hold.ts';
import { BigNumber } from '../../components/BigNumber.tsx';
import { StatePill } from '../../components/StatePill.tsx';
import { formatClock, formatCount } from '../../format/time.ts';
import { retryInterlock } from '../../stores/holdsStore.ts';
import { HoldsAnswerLine } from './HoldsAnswerLine.tsx';
import { linesStore } from '../../stores/linesStore.ts';
import { erpView, interlockView, reachedEverything, scopeText } from './holdText.ts';
import { ReleaseForm } from './ReleaseForm.tsx';

/** One active hold: what it covers, why, and where it has propagated (line interlock, ERP). */
export function HoldCard({ hold, mayAct, timeZone }: { readonly hold: HoldView; readonly mayAct: boolean; readonly timeZone: string | undefined }) {
  const [releasing, setReleasing] = useState(false);
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;
  const il = interlockView(hold, timeZone);
  const place = erpView(hold.erp.place);
  const reach = reachedEverything(hold);
  const interlockBroken = hold.interlock.state === 'failed' || hold.interlock.state === 'clear_failed';
  return (
    <article className="panel hold-card" data-testid="hold-card" data-hold-id={hold.id} aria-label={`Hold: ${scopeText(hold.scope, nameOf, timeZone)}`}>
      <header className="hold-card__head">
        <span className="hold-card__flag" data-testid="hold-status">ON HOLD</span>
        <h3 className="hold-card__scope">{scopeText(hold.scope, nameOf, timeZone)}</h3>
        <StatePill label={reach.text} tone={reach.tone} testId="hold-reach" />
      </header>
      <div className="hold-card__body">
        <div className="hold-card__qty">
          <BigNumber label="Held good" value={formatCount(hold.qty.good)} size="hero" testId="hold-qty" />
          <BigNumber label="Reject" value={formatCount(hold.qty.reject)} size="medium" />
          {hold.scope.kind === 'line' ? <p className="muted">grows until released</p> : null}
          {hold.gap ? <p className="muted">part counted across a link gap</p> : null}
        </div>
        <dl className="hold-card__facts">
          <dt>Reason</dt>
          <dd data-testid="hold-reason-text">
            {hold.reason} · {DEFECT_LABELS[hold.defectCategory]}
          </dd>
          {hold.note ? (
            <>
              <dt>Note</dt>
              <dd>{hold.note}</dd>
            </>
          ) : null}
          <dt>Placed</dt>
          <dd>
            {formatClock(hold.placedAt, timeZone)} by {hold.placedBy.displayName}
          </dd>
          {hold.orders.length > 0 ? (
            <>
              <dt>Orders</dt>
              <dd className="mono">{hold.orders.join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <dl className="hold-card__reach" aria-label="Where the hold has propagated">
          <dt>Line</dt>
          <dd className={`reach reach--${il.tone}`} data-testid="hold-interlock" data-state={hold.interlock.state}>
            {il.text}
            {mayAct && interlockBroken ? (
              <button type="button" className="button hold-card__retry" onClick={() => void retryInterlock(hold.id)} data-testid="hold-retry-interlock">
                Write again
              </button>
            ) : null}
          </dd>
          <dt>ERP</dt>
          <dd className={`reach reach--${place.tone}`} data-testid="hold-erp" data-state={hold.erp.place.state}>
            {place.text}
          </dd>
        </dl>
      </div>
      <HoldsAnswerLine at={`hold:${hold.id}`} />
      {mayAct ? (
        releasing ? (
          <ReleaseForm hold={hold} onDone={() => setReleasing(false)} />
        ) : (
          <button type="button" className="button" onClick={() => setReleasing(true)} data-testid="hold-release">
            Release…
          </button>
        )
      ) : null}
    </article>
  );
}
