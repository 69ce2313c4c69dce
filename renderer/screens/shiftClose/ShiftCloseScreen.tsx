import { type ReactNode, useEffect, useState } from 'react';
import type { Adjustment, ShiftCloseView, ShiftDraft } from '../../../shared/contract/domains/shift.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { outboxSentence } from '../../app/OutboxBadge.tsx';
import { useNow } from '../../app/useNow.ts';
import { formatCount } from '../../format/time.ts';
import { useOutboxTarget } from '../../stores/outboxStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { draftVersion, loadShiftDraft, openShiftClose, pickShift, reloadShiftClose, setShiftCloseMessage, shiftKey, useShiftClose } from '../../stores/shiftCloseStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { OrderHeldBadge } from '../holds/HeldBadge.tsx';
import { type CloseRow, neededAcknowledgements, partsToPost, plantDay, plantDayTime, plantHm, quantities, rowsOf, shiftLabel, variance } from './shiftCloseModel.ts';

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

/** The shift a section of the screen is about (for the slot other features fill). */
export interface ShiftRef {
  readonly date: string;
  readonly code: string;
  readonly windowStart: number;
  readonly windowEnd: number;
}

export interface ShiftCloseScreenProps {
  /**
   * Slot for another feature's section about the picked shift, shown above the figures (e.g. held
   * implausible counter jumps to accept or reject before the shift is confirmed).
   */
  readonly counterJumps?: (shift: ShiftRef) => ReactNode;
}

const outboxWords = (state: string) => (state === 'done' ? 'In ERP' : state === 'rejected' ? 'Rejected' : state === 'parked' ? 'Parked' : 'Waiting');

function ClosedShift({ close, timeZone, lineNames }: { readonly close: ShiftCloseView; readonly timeZone: string | undefined; readonly lineNames: ReadonlyMap<string, string> }) {
  return (
    <section className="panel" aria-labelledby="closed-title" data-testid="shift-closed">
      <h2 id="closed-title" className="panel__title" data-testid="shift-closed-title">
        {close.state === 'reversed' ? 'Was closed' : 'Closed'} by {close.closedByName || close.closedBy} on {plantDayTime(close.closedAt, timeZone)} (plant time)
        {close.correction > 0 ? `, correction ${close.correction}` : ''}
        {close.overrideReason ? ` (override: ${close.overrideReason})` : ''}
      </h2>
      {close.acknowledged.length > 0 ? (
        <p className="muted" data-testid="shift-closed-acknowledged">
          Acknowledged when closing: {close.acknowledged.map((a) => (a === 'not-ended' ? `closed before the shift ended (figures up to ${plantHm(close.windowEnd, timeZone)})` : 'zero production')).join('; ')}.
        </p>
      ) : null}
      {close.confirmations.length === 0 ? (
        <p className="muted">Nothing was posted to the ERP for this shift.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Order / op.</th>
              <th scope="col" className="num">Yield</th>
              <th scope="col" className="num">Scrap</th>
              <th scope="col" className="num">Rework</th>
              <th scope="col">Kind</th>
              <th scope="col">When (plant time)</th>
              <th scope="col">To ERP</th>
            </tr>
          </thead>
          <tbody>
            {close.confirmations.map((c) => (
              <tr key={c.id} data-testid={`confirmation-${c.erpOrderId}`} data-kind={c.kind}>
                <td>{lineNames.get(c.lineId) ?? c.lineId}</td>
                <td>
                  {c.erpOrderId} / {c.operationId}
                </td>
                <td className="num">{c.yieldQty}</td>
                <td className="num">{c.scrapQty}</td>
                <td className="num">{c.reworkQty}</td>
                <td>
                  {c.kind === 'reversal' ? 'Cancellation' : c.reversedBy ? 'Posted, cancelled' : 'Posted'}
                  {c.correction > 0 ? ` (correction ${c.correction})` : ''}
                </td>
                <td>{plantDayTime(c.createdAt, timeZone)}</td>
                <td>
                  {c.conflict ? (
                    // Another console posted the same shift's confirmation first: a conflict to resolve, never a silent drop.
                    <span className="outbox-state outbox-state--conflict" role="alert" data-testid={`confirmation-conflict-${c.erpOrderId}`}>
                      Conflict: {c.conflict} <a href={`#/outbox?item=${encodeURIComponent(c.id)}`}>Resolve on the Outbox screen</a>
                    </span>
                  ) : (
                    <span className={`outbox-state outbox-state--${c.outboxState}`} data-testid={`confirmation-state-${c.erpOrderId}`}>
                      {outboxWords(c.outboxState)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Reverse a closed shift: every posted confirmation is cancelled in the ERP; then the shift is confirmed again. */
function ReverseShift({ draft, onDone }: { readonly draft: ShiftDraft; readonly onDone: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const posted = draft.closed?.confirmations.filter((c) => c.kind === 'post' && !c.reversedBy).length ?? 0;
  if (!open) {
    return (
      <div className="shift-close__confirm">
        <button type="button" className="button" onClick={() => setOpen(true)} data-testid="shift-reverse-open">
          Reverse and confirm again…
        </button>
        <span className="muted">For a wrong count or a shift closed too early.</span>
      </div>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    const r = await activeClient().invoke('shift.reverseClose', { date: draft.date, code: draft.code, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onDone(`Shift reversed: ${posted} cancellation(s) queued for the ERP. Check the figures and confirm the shift again.`);
  };
  return (
    <section className="panel" aria-labelledby="reverse-title" data-testid="shift-reverse">
      <h2 id="reverse-title" className="panel__title">
        Reverse this shift
      </h2>
      <p>
        Each of the {posted} confirmation(s) posted for this shift is cancelled in the ERP (through the outbox, in order after the post). The shift is then open again: you confirm it with the corrected figures, and
        they post as correction {(draft.closed?.correction ?? 0) + 1}. Both steps are in the audit trail.
      </p>
      <label className="field">
        <span className="field__label">Reason (audited, sent to the ERP with each cancellation)</span>
        <input className="input input--wide" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="shift-reverse-reason" />
      </label>
      {error ? (
        <p className="command-error" role="alert" data-testid="shift-reverse-error">
          {error}
        </p>
      ) : null}
      <div className="shift-close__confirm">
        <button type="button" className="button button--primary" disabled={busy || reason.trim().length < 3} onClick={() => void submit()} data-testid="shift-reverse-submit">
          Reverse shift
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** The summary before posting: per line and order what goes to the ERP, and when. */
function ShiftSummary({ draft, rows, timeZone }: { readonly draft: ShiftDraft; readonly rows: readonly CloseRow[]; readonly timeZone: string | undefined }) {
  const included = rows.filter((r) => r.include);
  const end = Math.min(draft.windowEnd, draft.now);
  const correction = draft.closed?.state === 'reversed' ? draft.closed.correction + 1 : 0;
  return (
    <section className="panel" aria-labelledby="summary-title" data-testid="shift-summary">
      <h2 id="summary-title" className="panel__title">
        Check before posting: shift {draft.code} of {plantDay(draft.windowStart, timeZone)}, {plantHm(draft.windowStart, timeZone)}–{plantHm(end, timeZone)} (plant time)
        {correction > 0 ? `, correction ${correction}` : ''}
      </h2>
      {draft.now < draft.windowEnd ? (
        <p className="shift-close__ack" data-testid="shift-summary-early">
          Closed before the shift ends ({plantHm(draft.windowEnd, timeZone)}): the figures cover {plantHm(draft.windowStart, timeZone)}–{plantHm(end, timeZone)} only. Parts made after that are confirmed only by reversing and confirming the shift again.
        </p>
      ) : null}
      {included.length === 0 || partsToPost(rows) === 0 ? (
        <p data-testid="shift-summary-nothing">Nothing will be posted to the ERP: the shift is recorded as closed with zero production.</p>
      ) : (
        <table className="data-table" data-testid="shift-summary-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Order / op.</th>
              <th scope="col" className="num">Good</th>
              <th scope="col" className="num">Scrap</th>
              <th scope="col" className="num">Rework</th>
              <th scope="col">Produced (plant time)</th>
              <th scope="col">To the ERP</th>
            </tr>
          </thead>
          <tbody>
            {included.map((r) => {
              const q = quantities(r);
              return (
                <tr key={r.key} data-testid={`summary-row-${r.lineId}`}>
                  <td>{r.lineName}</td>
                  <td>
                    {r.erpOrderId} / {r.operationId}
                    <div className="muted">{r.material || 'not in the order cache'}</div>
                  </td>
                  <td className="num">{formatCount(r.good)}</td>
                  <td className="num">{formatCount(q.scrapQty)}</td>
                  <td className="num">{formatCount(q.reworkQty)}</td>
                  <td>
                    {r.firstAt !== null && r.lastAt !== null ? `${plantHm(r.firstAt, timeZone)}–${plantHm(Math.min(r.lastAt, end), timeZone)}, ran ${Math.round(r.runMinutes)} min` : 'counted by hand'}
                  </td>
                  <td data-testid={`summary-erp-${r.lineId}`}>
                    Partial confirmation: yield {formatCount(q.yieldQty)} {r.uom}, scrap {formatCount(q.scrapQty)} {r.uom}
                    {q.reworkQty ? `, rework ${formatCount(q.reworkQty)} ${r.uom}` : ''}; work {plantHm(draft.windowStart, timeZone)}–{plantHm(end, timeZone)}, posting date {draft.date}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The supervisor's end of shift: pick a shift, check what each line made per order, review, and post to the ERP. */
export function ShiftCloseScreen({ counterJumps }: ShiftCloseScreenProps = {}) {
  const may = useMay(SUPERVISOR);
  const timeZone = useTimeZone();
  const now = useNow();
  const erp = useOutboxTarget('erp');
  const { list, picked, draft, message } = useShiftClose();
  const person = usePersonKey();
  const [rows, setRows] = useState<CloseRow[]>([]);
  const [override, setOverride] = useState('');
  const [ackNotEnded, setAckNotEnded] = useState(false);
  const [ackZero, setAckZero] = useState(false);
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [busy, setBusy] = useState(false);
  const setMessage = setShiftCloseMessage;

  // The list and the picked shift's draft live in the store; they load when the screen opens and again for each new person.
  useEffect(() => {
    void openShiftClose();
  }, [person]);
  // The supervisor's figures start from each new version of the draft (another shift, closed, reversed), never from a reload of the same one.
  const version = draftVersion(draft);
  useEffect(() => {
    if (!draft) return;
    setRows(rowsOf(draft));
    setOverride('');
    setAckNotEnded(false);
    setAckZero(false);
    setStep('edit');
  }, [version]);
  // The closed shift's confirmations move from waiting to "In ERP": follow the outbox counts.
  useEffect(() => {
    if (draft?.closed) void loadShiftDraft();
  }, [erp?.depth, erp?.rejected]);

  const pick = (key: string) => void pickShift(key);
  const picker = (
    <label className="field shift-close__picker">
      <span className="field__label">Shift (last {list?.maxAgeDays ?? 14} days, plant time)</span>
      <select className="input input--wide" value={picked ?? ''} onChange={(e) => pick(e.target.value)} data-testid="shift-pick" aria-label="Shift to close">
        {(list?.shifts ?? []).map((s) => (
          <option key={shiftKey(s)} value={shiftKey(s)} data-state={s.state}>
            {shiftLabel(s, timeZone)}
          </option>
        ))}
      </select>
    </label>
  );

  if (!draft) {
    return (
      <section className="shift-close" data-testid="shift-close-screen">
        {list ? picker : null}
        {message ? <p className="command-error">{message.text}</p> : <p className="muted">Loading the shift…</p>}
      </section>
    );
  }
  const uncoded = draft.lines.filter((l) => l.uncodedDowntimeMin > 0);
  const update = (key: string, patch: Partial<CloseRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const needs = neededAcknowledgements(draft, rows);
  const noProduction = draft.recorded.good + draft.recorded.reject === 0;
  const reversed = draft.closed?.state === 'reversed' ? draft.closed : null;
  const closed = draft.closed?.state === 'closed' ? draft.closed : null;
  const shiftRef: ShiftRef = { date: draft.date, code: draft.code, windowStart: draft.windowStart, windowEnd: draft.windowEnd };
  const ready =
    !busy && (!needs.notEnded || ackNotEnded) && (!needs.zeroProduction || ackZero) && (uncoded.length === 0 || override.trim().length >= 3) && !rows.some((r) => r.include && quantities(r).yieldQty < 0);
  const reload = (text: string, ok = true) => reloadShiftClose(text, ok);
  const confirm = async () => {
    setBusy(true);
    const lines = rows.filter((r) => r.include).map((r) => ({ lineId: r.lineId, erpOrderId: r.erpOrderId, operationId: r.operationId, good: r.good, reject: r.reject, adjustments: r.adjustments }));
    const r = await activeClient().invoke('shift.confirm', {
      date: draft.date,
      code: draft.code,
      lines,
      acknowledgeNotEnded: ackNotEnded,
      acknowledgeZeroProduction: ackZero,
      ...(override.trim() ? { overrideReason: override.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setStep('edit');
      return setMessage({ ok: false, text: r.error.message });
    }
    const posts = r.value.confirmations.filter((c) => c.kind === 'post' && !c.reversedBy).length;
    await reload(posts === 0 ? 'Shift closed with zero production: nothing was sent to the ERP' : `Shift confirmed: ${posts} confirmation(s) saved and queued for the ERP`);
  };

  return (
    <section className="shift-close" aria-labelledby="shift-close-title" data-testid="shift-close-screen">
      {picker}
      <div className="shift-close__head">
        <h1 id="shift-close-title">
          {closed ? 'Shift' : 'Close shift'} {draft.code}, {plantDay(draft.windowStart, timeZone)}
        </h1>
        <span className="shift-close__window" data-testid="shift-close-window">
          {plantHm(draft.windowStart, timeZone)}–{plantHm(draft.windowEnd, timeZone)} plant time
          {draft.state === 'running' ? ` · running, ends ${plantHm(draft.windowEnd, timeZone)}` : ''}
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
      {/* Slot: sections about the picked shift from other features (held implausible counter jumps). */}
      {counterJumps ? <div className="shift-close__slot" data-testid="shift-close-counter-jumps">{counterJumps(shiftRef)}</div> : null}
      {closed ? (
        <>
          <ClosedShift close={closed} timeZone={timeZone} lineNames={new Map(draft.lines.map((l) => [l.lineId, l.lineName]))} />
          {may ? <ReverseShift draft={draft} onDone={(text) => void reload(text)} /> : null}
        </>
      ) : step === 'review' ? (
        <>
          <ShiftSummary draft={draft} rows={rows} timeZone={timeZone} />
          <div className="shift-close__confirm">
            <button type="button" className="button" onClick={() => setStep('edit')} disabled={busy} data-testid="shift-summary-back">
              Back to the figures
            </button>
            <button type="button" className="button button--primary" disabled={!ready} onClick={() => void confirm()} data-testid="shift-close-post">
              Confirm and post
            </button>
            <span className="muted">The shift close and its confirmations are saved at once; they post to the ERP whenever it is reachable.</span>
          </div>
        </>
      ) : (
        <>
          {reversed ? (
            <div className="shift-close__blocked shift-close__blocked--note" role="status" data-testid="shift-close-reversed">
              Reversed by {reversed.reversedByName} on {plantDayTime(reversed.reversedAt ?? 0, timeZone)} (plant time): {reversed.reversalReason}. Check the figures and confirm the shift again; it posts as correction {reversed.correction + 1}.
            </div>
          ) : null}
          {noProduction ? (
            <div className="shift-close__blocked shift-close__blocked--note" role="status" data-testid="shift-close-no-production">
              No production was recorded on any line in this shift. Lines are not ticked; tick one only for parts you counted by hand.
            </div>
          ) : null}
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
                      <input type="checkbox" aria-label={`Confirm ${r.lineName} order ${r.erpOrderId}`} checked={r.include} onChange={(e) => update(r.key, { include: e.target.checked })} style={{ width: 28, height: 28 }} data-testid={`include-${r.lineId}`} />
                    </td>
                    <td>
                      {r.lineName}
                      {r.countedGood + r.countedReject === 0 ? <div className="muted">{r.countSource === 'none' ? 'no records: count by hand' : 'no production'}</div> : null}
                    </td>
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
            <div className="shift-close__confirm shift-close__checks">
              {needs.notEnded ? (
                <label className="shift-close__ack" data-testid="shift-close-not-ended">
                  <input type="checkbox" checked={ackNotEnded} onChange={(e) => setAckNotEnded(e.target.checked)} data-testid="ack-not-ended" style={{ width: 24, height: 24 }} />
                  This shift has not ended: it runs until {plantHm(draft.windowEnd, timeZone)} plant time ({Math.max(1, Math.ceil((draft.windowEnd - now) / 60_000))} min left). Close it before it ends, with the figures up to now.
                </label>
              ) : null}
              {needs.zeroProduction ? (
                <label className="shift-close__ack" data-testid="shift-close-zero">
                  <input type="checkbox" checked={ackZero} onChange={(e) => setAckZero(e.target.checked)} data-testid="ack-zero-production" style={{ width: 24, height: 24 }} />
                  Nothing is ticked with parts: close it with zero production (nothing goes to the ERP).
                </label>
              ) : null}
              {uncoded.length > 0 ? (
                <label className="field">
                  <span className="field__label">Override reason (audited)</span>
                  <input className="input input--wide" value={override} maxLength={500} onChange={(e) => setOverride(e.target.value)} data-testid="shift-close-override" />
                </label>
              ) : null}
              <button type="button" className="button button--primary" disabled={!ready} onClick={() => setStep('review')} data-testid="shift-close-review">
                Review before posting…
              </button>
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
