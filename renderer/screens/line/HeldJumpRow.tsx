import { useEffect, useRef, useState } from 'react';
import type { CounterEventView } from '../../../shared/contract/domains/production.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { clearHeldJumpsMessage, decideHeldJump, useHeldJumpsUi } from '../../stores/productionStore.ts';
import { useMay, useSession } from '../../stores/sessionStore.ts';

const SUPERVISOR = ['supervisor'] as const;

/**
 * One implausible counter jump held out of production: when, which counter, how many parts, why, and
 * the supervisor's decision, or the two buttons to make it (accept counts the parts, reject keeps them
 * out). The answer is shown on this row; it is cleared when the person at the screen changes.
 */
export function HeldJumpRow({ jump, showLine = false, testPrefix }: { readonly jump: CounterEventView; readonly timeZone: string | undefined; readonly showLine?: boolean; readonly testPrefix: string }) {
  const may = useMay(SUPERVISOR);
  const ui = useHeldJumpsUi();
  const [note, setNote] = useState('');
  const t = useT('line');
  const tm = useTMessage();
  const f = useFormat();
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
    <li className="held-jump" data-testid={id}>
      <div>
        <strong>
          {t('jump.head', { time: f.clock(jump.at), line: showLine ? ` · ${jump.lineName}` : '', signal: jump.signal === 'good' ? 'good' : 'reject', n: jump.held })}
        </strong>
      </div>
      <div className="muted">{jump.reason}</div>
      {jump.decision ? (
        <div data-testid={`${id}-decision`}>
          {t(jump.decision.decision === 'accepted' ? 'jump.accepted' : 'jump.rejected', { by: jump.decision.by, time: f.clock(jump.decision.at) })}
          {jump.decision.note ? t('jump.note', { note: jump.decision.note }) : ''}
        </div>
      ) : may ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginTop: 4 }}>
          <LimitedField limit={FIELD_LIMITS.downtimeNote} value={note} onChange={setNote} testId={`${id}-note`} />
          <button type="button" className="button" disabled={busy || !noteOk} onClick={() => void decideHeldJump(jump.id, 'accepted', note.trim())} data-testid={`${id}-accept`}>
            {t('jump.accept', { n: jump.held })}
          </button>
          <button type="button" className="button" disabled={busy || !noteOk} onClick={() => void decideHeldJump(jump.id, 'rejected', note.trim())} data-testid={`${id}-reject`}>
            {t('jump.reject')}
          </button>
        </div>
      ) : (
        <div className="muted" data-testid={`${id}-waiting`}>
          {t('jump.waiting')}
        </div>
      )}
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid={`${id}-message`}>
          {answerText(message, t, tm)}
        </p>
      ) : null}
    </li>
  );
}
