import { useEffect, useState } from 'react';
import type { Adjustment, ShiftCloseView, ShiftDraft } from '../../../shared/contract/domains/shift.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { outboxSentence } from '../../app/OutboxBadge.tsx';
import { useNow } from '../../app/useNow.ts';
import { formatClock, formatCount } from '../../format/time.ts';
import { useOutboxTarget } from '../../stores/outboxStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { OrderHeldBadge } from '../holds/HeldBadge.tsx';
import { type CloseRow, quantities, rowsOf, variance } from './shiftCloseModel.ts';

const SUPERVISOR = ['supervisor'] as const;

function AdjustmentEditor({ row, onChange }: { readonly row: CloseRow; readonly onChange: (a: Adjustment[]) => void }) {
  const [type, setType] = useState<'scrap' | 'rework'>('scrap');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const valid = Number(qty) > 0 && Number.isInteger(Number(qty)) && reason.trim().length >= 3;
  return (
    <div className="shift-close__adjust">
      {row.adjustments.map((a, i) => (
        <span key={i} className="outbox-state">
          {a.type} {a.qty}: {a.reason}{' '}
          <button type="button" className="button button--quiet" aria-label={`Remove ${a.type} ${a.qty}`} onClick={() => onChange(row.adjustments.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <select aria-label="Adjustment type" value={type} onChange={(e) => setType(e.target.value as 'scrap' | 'rework')} data-testid={`adj-type-${row.key}`}>
        <option value="scrap">Scrap</option>
        <option value="rework">Rework</option>
      </select>
      <input aria-label="Adjustment quantity" type="number" min={1} value={qty} onChange={(e) => setQty(e.target.value)} style={{ width: '6em' }} data-testid={`adj-qty-${row.key}`} />
      <input aria-label="Adjustment reason" placeholder="reason" value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`adj-reason-${row.key}`} />
      <button
        type="button"
        className="button"
        disabled={!valid}
        onClick={() => {
          onChange([...row.adjustments, { type, qty: Number(qty), reason: reason.trim() }]);
          setQty('');
          setReason('');
        }}
        data-testid={`adj-add-${row.key}`}
      >
        Add
      </button>
    </div>
  );
}

function ClosedShift({ close, timeZone }: { readonly close: ShiftCloseView; readonly timeZone: string | undefined }) {
  return (
    <section className="panel" aria-labelledby="closed-title" data-testid="shift-closed">
      <h2 id="closed-title" className="panel__title">
        Closed at {formatClock(close.closedAt, timeZone)} by {close.closedBy}
        {close.overrideReason ? ` (override: ${close.overrideReason})` : ''}
      </h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Order / op.</th>
            <th scope="col" className="num">Yield</th>
            <th scope="col" className="num">Scrap</th>
            <th scope="col" className="num">Rework</th>
            <th scope="col">Kind</th>
            <th scope="col">To ERP</th>
          </tr>
        </thead>
        <tbody>
          {close.confirmations.map((c) => (
            <tr key={c.id} data-testid={`confirmation-${c.erpOrderId}`}>
              <td>{c.lineId}</td>
              <td>
                {c.erpOrderId} / {c.operationId}
              </td>
              <td className="num">{c.yieldQty}</td>
              <td className="num">{c.scrapQty}</td>
              <td className="num">{c.reworkQty}</td>
              <td>{c.kind === 'reversal' ? 'Reversal' : c.reversedBy ? 'Posted, reversed' : 'Posted'}</td>
              <td>
                <span className={`outbox-state outbox-state--${c.outboxState}`} data-testid={`confirmation-state-${c.erpOrderId}`}>
                  {c.outboxState === 'done' ? 'In ERP' : c.outboxState === 'rejected' ? 'Rejected' : c.outboxState === 'parked' ? 'Parked' : 'Waiting'}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The supervisor's end of shift: what each line made per order, adjusted and confirmed to the ERP in one step. */
export function ShiftCloseScreen() {
  const may = useMay(SUPERVISOR);
  const timeZone = useTimeZone();
  const now = useNow();
  const erp = useOutboxTarget('erp');
  const [draft, setDraft] = useState<ShiftDraft | null>(null);
  const [rows, setRows] = useState<CloseRow[]>([]);
  const [override, setOverride] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const r = await activeClient().invoke('shift.draft', {});
    if (!r.ok) return setMessage({ ok: false, text: r.error.message });
    setDraft(r.value);
    setRows(rowsOf(r.value));
  };
  useEffect(() => {
    void load();
  }, []);
  // The closed shift's confirmations move from waiting to "In ERP": follow the outbox counts.
  useEffect(() => {
    if (draft?.closed) void activeClient().invoke('shift.draft', { date: draft.date, code: draft.code }).then((r) => r.ok && setDraft(r.value));
  }, [erp?.depth, erp?.rejected]);

  if (!draft) return <section className="shift-close">{message ? <p className="command-error">{message.text}</p> : <p className="muted">Loading the shift…</p>}</section>;
  const uncoded = draft.lines.filter((l) => l.uncodedDowntimeMin > 0);
  const update = (key: string, patch: Partial<CloseRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const confirm = async () => {
    setBusy(true);
    const lines = rows.filter((r) => r.include).map((r) => ({ lineId: r.lineId, erpOrderId: r.erpOrderId, operationId: r.operationId, good: r.good, reject: r.reject, adjustments: r.adjustments }));
    const r = await activeClient().invoke('shift.confirm', { date: draft.date, code: draft.code, lines, ...(override.trim() ? { overrideReason: override.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setMessage({ ok: false, text: r.error.message });
    setMessage({ ok: true, text: `Shift confirmed: ${r.value.confirmations.length} confirmation(s) saved and queued for the ERP` });
    setDraft({ ...draft, closed: r.value });
  };

  return (
    <section className="shift-close" aria-labelledby="shift-close-title" data-testid="shift-close-screen">
      <div className="shift-close__head">
        <h1 id="shift-close-title">
          Close shift {draft.code}, {draft.date}
        </h1>
        <span className="shift-close__window">
          {formatClock(draft.windowStart, timeZone).slice(0, 5)}–{formatClock(draft.windowEnd, timeZone).slice(0, 5)}
        </span>
      </div>
      {erp && (erp.depth > 0 || erp.rejected + erp.parked > 0) ? (
        <p className="shift-close__waiting" data-testid="shift-close-waiting">
          {outboxSentence(erp, now)}
        </p>
      ) : null}
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="shift-close-message">
          {message.text}
        </p>
      ) : null}
      {draft.closed ? (
        <ClosedShift close={draft.closed} timeZone={timeZone} />
      ) : (
        <>
          {uncoded.length > 0 ? (
            <div className="shift-close__blocked" role="alert" data-testid="shift-close-uncoded">
              Uncoded downtime: {uncoded.map((l) => `${l.lineName} ${l.uncodedDowntimeMin} min`).join(', ')}. Code it on the Line screen, or give an override reason to close anyway.
            </div>
          ) : null}
          <table className="data-table" data-testid="shift-close-table">
            <thead>
              <tr>
                <th scope="col">Confirm</th>
                <th scope="col">Line</th>
                <th scope="col">Order / op.</th>
                <th scope="col" className="num">Counted good</th>
                <th scope="col" className="num">Counted reject</th>
                <th scope="col">Adjustments</th>
                <th scope="col" className="num">Yield to ERP</th>
                <th scope="col" className="num">Open in ERP</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={8} className="muted">
                    No order ran on any line in this shift.
                  </td>
                </tr>
              ) : null}
              {rows.map((r) => {
                const q = quantities(r);
                const v = variance(r, draft.varianceThresholdPct);
                return (
                  <tr key={r.key} className={v ? 'shift-close__variance' : ''} data-testid={`close-row-${r.lineId}`}>
                    <td>
                      <input type="checkbox" aria-label={`Confirm ${r.lineName} order ${r.erpOrderId}`} checked={r.include} onChange={(e) => update(r.key, { include: e.target.checked })} style={{ width: 28, height: 28 }} />
                    </td>
                    <td>{r.lineName}</td>
                    <td>
                      {r.erpOrderId} / {r.operationId}
                      <OrderHeldBadge orderId={r.erpOrderId} lineId={r.lineId} testId={`order-held-${r.lineId}-${r.erpOrderId}`} />
                      <div className="muted">{r.material || 'not in the order cache'}</div>
                    </td>
                    <td className="num">
                      <input type="number" min={0} aria-label={`Good count ${r.lineId}`} value={r.good} onChange={(e) => update(r.key, { good: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} data-testid={`good-${r.lineId}`} />
                      {r.heldGood + r.heldReject > 0 ? (
                        <div className="held-apart" data-testid={`held-apart-${r.lineId}`}>
                          <a className="held-badge" href="#/holds">HELD</a> {formatCount(r.heldGood)} good, {formatCount(r.heldReject)} reject on quality hold: not confirmed
                        </div>
                      ) : null}
                    </td>
                    <td className="num">
                      <input type="number" min={0} aria-label={`Reject count ${r.lineId}`} value={r.reject} onChange={(e) => update(r.key, { reject: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} data-testid={`reject-${r.lineId}`} />
                    </td>
                    <td>
                      <AdjustmentEditor row={r} onChange={(adjustments) => update(r.key, { adjustments })} />
                    </td>
                    <td className="num">
                      <span className="shift-close__yield" data-testid={`yield-${r.lineId}`}>
                        {formatCount(q.yieldQty)} {r.uom}
                      </span>
                      <div className="muted">
                        scrap {q.scrapQty}
                        {q.reworkQty ? `, rework ${q.reworkQty}` : ''}
                      </div>
                      {v ? <div data-testid={`variance-${r.lineId}`}>Variance: {v}</div> : null}
                    </td>
                    <td className="num">{r.openQty === null ? '—' : formatCount(r.openQty)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {may ? (
            <div className="shift-close__confirm">
              {uncoded.length > 0 ? (
                <label className="field">
                  <span className="field__label">Override reason (audited)</span>
                  <input className="input input--wide" value={override} onChange={(e) => setOverride(e.target.value)} data-testid="shift-close-override" />
                </label>
              ) : null}
              <button type="button" className="button button--primary" disabled={busy || rows.every((r) => !r.include) || (uncoded.length > 0 && override.trim().length < 3) || rows.some((r) => r.include && quantities(r).yieldQty < 0)} onClick={() => void confirm()} data-testid="shift-close-confirm">
                Confirm shift to ERP
              </button>
              <span className="muted">The shift close and its confirmations are saved at once; they post to the ERP whenever it is reachable.</span>
            </div>
          ) : (
            <p className="muted" data-testid="shift-close-readonly">
              Shift supervisors confirm the shift. Sign in as one to confirm.
            </p>
          )}
        </>
      )}
    </section>
  );
}
