import { useEffect, useRef, useState } from 'react';
import type { CounterEventView } from '../../../shared/contract/domains/production.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { formatClock, formatCount } from '../../format/time.ts';
import { clearHeldJumpsMessage, decideHeldJump, useHeldJumpsUi } from '../../stores/productionStore.ts';
import { useMay, useSession } from '../../stores/sessionStore.ts';

const SUPERVISOR = ['supervisor'] as const;

/**
 * One implausible counter jump held out of production: when, which counter, how many parts, why, and
 * the supervisor's decision, or the two buttons to make it (accept counts the parts, reject keeps them
 * out). The answer is shown on this row; it is cleared when the person at the screen changes.
 */
export function HeldJumpRow({ jump, timeZone, showLine = false, testPrefix }: { readonly jump: CounterEventView; readonly timeZone: string | undefined; readonly showLine?: boolean; readonly testPrefix: string }) {
  const may = useMay(SUPERVISOR);
  const ui = useHeldJumpsUi();
  const [note, setNote] = useState('');
  const session = useSession();
  const who = session?.signedIn ? session.actor.userId : null;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    clearHeldJumpsMessage();
    setNote('');
  }, [who]);
  const message = ui.message?.eventId === jump.id ? ui.message : null;
  const busy = ui.busy === jump.id;
  const noteOk = typedOk(FIELD_LIMITS.downtimeNote, note);
  const id = `${testPrefix}-${jump.id}`;
  return (
    <li className="held-jump" data-testid={id} style={{ padding: '8px 0', borderBottom: '1px solid var(--border, #ccc)' }}>
      <div>
        <strong>
          {formatClock(jump.at, timeZone)}
          {showLine ? ` · ${jump.lineName}` : ''} · {jump.signal === 'good' ? 'good' : 'reject'} counter: {formatCount(jump.held)} parts held
        </strong>
      </div>
      <div className="muted">{jump.reason}</div>
      {jump.decision ? (
        <div data-testid={`${id}-decision`}>
          {jump.decision.decision === 'accepted' ? `Accepted (counted) by ${jump.decision.by}` : `Rejected (not counted) by ${jump.decision.by}`} at {formatClock(jump.decision.at, timeZone)}
          {jump.decision.note ? `: “${jump.decision.note}”` : ''}
        </div>
      ) : may ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginTop: 4 }}>
          <LimitedField limit={FIELD_LIMITS.downtimeNote} value={note} onChange={setNote} testId={`${id}-note`} />
          <button type="button" className="button" disabled={busy || !noteOk} onClick={() => void decideHeldJump(jump.id, 'accepted', note.trim())} data-testid={`${id}-accept`}>
            Accept: count {formatCount(jump.held)} parts
          </button>
          <button type="button" className="button" disabled={busy || !noteOk} onClick={() => void decideHeldJump(jump.id, 'rejected', note.trim())} data-testid={`${id}-reject`}>
            Reject: do not count
          </button>
        </div>
      ) : (
        <div className="muted" data-testid={`${id}-waiting`}>
          Waiting for a supervisor to accept or reject it.
        </div>
      )}
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid={`${id}-message`}>
          {message.text}
        </p>
      ) : null}
    </li>
  );
}
