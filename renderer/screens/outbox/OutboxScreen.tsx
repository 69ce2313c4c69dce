import { useEffect, useRef, useState } from 'react';
import { CONFIRMATION_CORRECTION_FIELDS, CORRECTABLE_KINDS, type OutboxCorrection, type OutboxItemView, type OutboxTargetStats } from '../../../shared/contract/domains/outbox.ts';
import { formatClock, formatDuration } from '../../format/time.ts';
import { useNow } from '../../app/useNow.ts';
import { discardItem, loadOutboxHistory, loadOutboxItems, resendItem, useOutboxHistory, targetName, useOutboxStats, useOutboxUi, waitingNoun } from '../../stores/outboxStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';

const TRIAGE = ['supervisor', 'quality', 'planner', 'admin'] as const;
const STATE_LABELS: Readonly<Record<string, string>> = { queued: 'Waiting', sending: 'Sending', needs_check: 'Checking in remote system', done: 'Done', rejected: 'Rejected', parked: 'Parked' };

function TargetCard({ t, now }: { readonly t: OutboxTargetStats; readonly now: number }) {
  return (
    <section className="panel" data-testid={`outbox-target-${t.target}`}>
      <h2 className="panel__title">{t.label}</h2>
      <div className="outbox-target__figures">
        <div className="outbox-target__figure">
          <b data-testid={`outbox-depth-${t.target}`}>{t.depth}</b>
          <span>waiting</span>
        </div>
        <div className="outbox-target__figure">
          <b>{t.oldestCreatedAt === null ? '—' : formatDuration(now - t.oldestCreatedAt)}</b>
          <span>oldest</span>
        </div>
        <div className={`outbox-target__figure ${t.rejected + t.parked > 0 ? 'is-failed' : ''}`}>
          <b data-testid={`outbox-failed-${t.target}`}>{t.rejected + t.parked}</b>
          <span>failed (rejected {t.rejected}, parked {t.parked})</span>
        </div>
      </div>
      <p className="muted">
        {t.depth > 0 ? `${waitingNoun(t)} waiting for ${targetName(t)}. ` : 'Nothing waiting. '}
        {!t.online ? 'This workstation is offline: waiting costs no attempts. ' : ''}
        {t.breaker !== 'closed' ? `Calls to ${targetName(t)} are paused after repeated failures (${t.breaker}). ` : ''}
        {t.needsCheck > 0 ? `${t.needsCheck} sent with no answer: they are read back before anything is sent again. ` : ''}
        {t.duplicates.repaired + t.duplicates.open > 0 ? (
          <span className={t.duplicates.open > 0 ? 'command-error' : ''} data-testid={`outbox-duplicates-${t.target}`}>
            {t.duplicates.repaired > 0 ? `Duplicate repaired: ${t.duplicates.repaired} record(s) ${targetName(t)} held twice were cancelled. ` : ''}
            {t.duplicates.open > 0 ? `${t.duplicates.open} record(s) held twice in ${targetName(t)} are still being cancelled or need a person. ` : ''}
          </span>
        ) : null}
        {t.lastError ? `Last problem: ${t.lastError}` : ''}
      </p>
    </section>
  );
}

function ItemDetail({ item, onClose }: { readonly item: OutboxItemView; readonly onClose: () => void }) {
  const may = useMay(TRIAGE);
  const timeZone = useTimeZone();
  const history = useOutboxHistory(item.id);
  const [reason, setReason] = useState('');
  const correctable = CORRECTABLE_KINDS.includes(item.kind);
  const original = correctionValues(item.payload);
  const [fields, setFields] = useState<Record<string, string>>(original);
  useEffect(() => {
    void loadOutboxHistory(item.id);
  }, [item.id, item.updatedAt]);
  const failed = (item.state === 'rejected' || item.state === 'parked') && item.resolution === null;
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v.trim() !== (original[k] ?? '')).map(([k, v]) => [k, v.trim()]));
  const resend = async () => {
    const correction = correctable && Object.keys(changed).length > 0 ? ({ kind: 'confirmation.post', fields: changed } as OutboxCorrection) : undefined;
    if (await resendItem(item.id, reason, correction)) onClose();
  };
  return (
    <section className="panel outbox-detail" aria-labelledby="outbox-detail-title" data-testid="outbox-detail">
      <div className="panel__head">
        <h2 id="outbox-detail-title" className="panel__title">{item.summary}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <span className={`outbox-state outbox-state--${item.state}`}>{STATE_LABELS[item.state]}</span> · reference <span className="mono">{item.id}</span> · {item.attempts} attempt(s)
        {item.remoteKeys ? ` · ERP keys ${Object.entries(item.remoteKeys).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}
        {item.resolution ? ` · ${item.resolution}` : ''}
      </p>
      {item.lastError ? <p className={item.state === 'done' ? 'muted' : 'command-error'}>{item.lastError.message}{item.lastError.httpStatus ? ` (HTTP ${item.lastError.httpStatus}${item.lastError.code ? `, ${item.lastError.code}` : ''})` : ''}</p> : null}
      <h3>History</h3>
      <ol className="outbox-detail__history" data-testid="outbox-history">
        {history.map((h, i) => (
          <li key={i}>
            {formatClock(h.at, timeZone)} {h.fromState ? `${STATE_LABELS[h.fromState]} → ` : ''}
            {STATE_LABELS[h.toState]}
            {h.note ? `: ${h.note}` : ''}
            {h.actor ? ` (${h.actor})` : ''}
          </li>
        ))}
      </ol>
      {failed && may ? (
        <>
          {correctable ? (
            <fieldset className="outbox-correction" data-testid="outbox-correction">
              <legend>Correct before resending (only what was wrong; the rest is sent as it was)</legend>
              {CONFIRMATION_CORRECTION_FIELDS.map((f) => (
                <label key={f.key} className="field">
                  <span className="field__label">
                    {f.label}
                    {changed[f.key] !== undefined ? ` (was ${original[f.key] || 'empty'})` : ''}
                  </span>
                  {f.key === 'finality' ? (
                    <select className="input" value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })} data-testid={`outbox-correct-${f.key}`}>
                      <option value="partial">Partial</option>
                      <option value="final">Final</option>
                    </select>
                  ) : (
                    <input className="input" type={f.key === 'postingDate' ? 'date' : 'text'} value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })} data-testid={`outbox-correct-${f.key}`} />
                  )}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="muted">This item is resent as it is, under a new reference.</p>
          )}
          <div className="outbox-actions">
            <label className="field">
              <span className="field__label">Reason (kept in the audit trail)</span>
              <input className="input input--wide" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="outbox-reason" />
            </label>
            <button type="button" className="button button--primary" disabled={reason.trim().length < 3} onClick={() => void resend()} data-testid="outbox-resend">
              Resend
            </button>
            <button type="button" className="button" disabled={reason.trim().length < 3} onClick={() => void discardItem(item.id, reason).then((ok) => ok && onClose())} data-testid="outbox-discard">
              Discard
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** The correctable fields of a confirmation as the form shows them (empty strings where the payload has none). */
function correctionValues(payload: unknown): Record<string, string> {
  const p = (payload ?? {}) as { order?: { erpOrderId?: string; operationId?: string }; quantities?: Record<string, string | undefined>; postingDate?: string; finality?: string };
  return {
    erpOrderId: p.order?.erpOrderId ?? '',
    operationId: p.order?.operationId ?? '',
    yield: p.quantities?.yield ?? '',
    scrap: p.quantities?.scrap ?? '',
    rework: p.quantities?.rework ?? '',
    varianceReason: p.quantities?.varianceReason ?? '',
    postingDate: p.postingDate ?? '',
    finality: p.finality ?? 'partial',
  };
}

/** Everything waiting for or refused by a remote system, with each item's history and what a person can do about it. */
export function OutboxScreen() {
  const stats = useOutboxStats();
  const ui = useOutboxUi();
  const now = useNow();
  const timeZone = useTimeZone();
  const [openId, setOpenId] = useState<string | null>(null);
  const person = usePersonKey();
  // The screen opens on the tab that holds what needs a person: the failed items, when there are any.
  const opened = useRef(false);
  useEffect(() => {
    let filter = ui.filter;
    if (!opened.current && stats) {
      opened.current = true;
      if (stats.targets.some((t) => t.rejected + t.parked > 0)) filter = 'failed';
    }
    void loadOutboxItems(filter);
    // Reload when the counts change (items move between the lists) and when the person changes (what they may list).
  }, [ui.filter, stats?.targets.map((t) => `${t.depth}/${t.rejected}/${t.parked}`).join(), person]);
  useEffect(() => setOpenId(null), [person]);
  const open = ui.items.find((i) => i.id === openId) ?? null;
  return (
    <section className="outbox-screen" aria-labelledby="outbox-title" data-testid="outbox-screen">
      <h1 id="outbox-title">Outbox</h1>
      <div className="outbox-targets">
        {stats?.targets.length ? stats.targets.map((t) => <TargetCard key={t.target} t={t} now={now} />) : <p className="muted">No remote system is configured.</p>}
      </div>
      {ui.message ? (
        <p className={ui.message.ok ? 'command-ok' : 'command-error'} role={ui.message.ok ? 'status' : 'alert'} data-testid="outbox-message">
          {ui.message.text}
        </p>
      ) : null}
      <div className="outbox-filter" role="group" aria-label="Show">
        {(['waiting', 'failed', 'all'] as const).map((f) => (
          <button key={f} type="button" className="button" aria-pressed={ui.filter === f} onClick={() => void loadOutboxItems(f)} data-testid={`outbox-filter-${f}`}>
            {f === 'waiting' ? 'Waiting' : f === 'failed' ? 'Failed' : 'All'}
          </button>
        ))}
      </div>
      {open ? <ItemDetail item={open} onClose={() => setOpenId(null)} /> : null}
      <table className="data-table" data-testid="outbox-items">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">What</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {ui.items.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                Nothing here.
              </td>
            </tr>
          ) : null}
          {ui.items.map((i) => (
            <tr key={i.id} data-testid={`outbox-item-${i.id}`}>
              <td className="mono">{formatClock(i.createdAt, timeZone)}</td>
              <td>
                <button type="button" className="button button--quiet" onClick={() => setOpenId(i.id)}>
                  {i.summary}
                </button>
              </td>
              <td>
                <span className={`outbox-state outbox-state--${i.state}`}>{STATE_LABELS[i.state]}</span>
                {i.resolution ? <span className="muted"> ({i.resolution})</span> : null}
              </td>
              <td className="num">{i.attempts}</td>
              <td>{i.state === 'done' ? '' : (i.lastError?.message ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
