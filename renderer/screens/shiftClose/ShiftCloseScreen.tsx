import { type ReactNode, useEffect, useState } from 'react';
import type { Adjustment, ShiftCloseView, ShiftDraft } from '../../../shared/contract/domains/shift.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { outboxSentence } from '../../app/OutboxBadge.tsx';
import { useNow } from '../../app/useNow.ts';
import { type Translate, useFormat, useLang, useT, useTMessage } from '../../i18n/index.tsx';
import type { Lang } from '../../../shared/i18n/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { answerText, failAnswer, okAnswer } from '../../stores/answer.ts';
import { useOutboxTarget } from '../../stores/outboxStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { draftVersion, loadShiftDraft, openShiftClose, pickShift, reloadShiftClose, setShiftCloseMessage, shiftKey, useShiftClose } from '../../stores/shiftCloseStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { OrderHeldBadge } from '../holds/HeldBadge.tsx';
import { type CloseRow, neededAcknowledgements, partsToPost, plantDay, plantDayTime, plantHm, quantities, rowsOf, shiftLabel, variance } from './shiftCloseModel.ts';

const SUPERVISOR = ['supervisor'] as const;

function AdjustmentEditor({ row, onChange }: { readonly row: CloseRow; readonly onChange: (a: Adjustment[]) => void }) {
  const t = useT('shiftClose');
  const [type, setType] = useState<'scrap' | 'rework'>('scrap');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const valid = Number(qty) > 0 && Number.isInteger(Number(qty)) && reason.trim().length >= 3;
  return (
    <div className="shift-close__adjust">
      {row.adjustments.map((a, i) => (
        <span key={i} className="outbox-state">
          {t(`adjust.${a.type}`)} {a.qty}: {a.reason}{' '}
          <button type="button" className="button button--quiet" aria-label={t('adjust.remove', { type: t(`adjust.${a.type}`), qty: a.qty })} onClick={() => onChange(row.adjustments.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <select aria-label={t('adjust.type')} value={type} onChange={(e) => setType(e.target.value as 'scrap' | 'rework')} data-testid={`adj-type-${row.key}`}>
        <option value="scrap">{t('adjust.scrap')}</option>
        <option value="rework">{t('adjust.rework')}</option>
      </select>
      <input aria-label={t('adjust.qty')} type="number" min={1} value={qty} onChange={(e) => setQty(e.target.value)} style={{ width: '6em' }} data-testid={`adj-qty-${row.key}`} />
      <input aria-label={t('adjust.reasonAria')} placeholder={t('adjust.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`adj-reason-${row.key}`} />
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
        {t('adjust.add')}
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

const outboxWords = (t: Translate, state: string) => t(`outboxStates.${state === 'done' || state === 'rejected' || state === 'parked' ? state : 'waiting'}`);

function ClosedShift({ close, timeZone, lineNames }: { readonly close: ShiftCloseView; readonly timeZone: string | undefined; readonly lineNames: ReadonlyMap<string, string> }) {
  const t = useT('shiftClose');
  const f = useFormat();
  const lang = useLang();
  return (
    <section className="panel" aria-labelledby="closed-title" data-testid="shift-closed">
      <h2 id="closed-title" className="panel__title" data-testid="shift-closed-title">
        {t(close.state === 'reversed' ? 'closedPanel.titleWas' : 'closedPanel.title', { person: close.closedByName, at: plantDayTime(close.closedAt, timeZone, lang) })}
        {close.correction > 0 ? t('closedPanel.correction', { n: close.correction }) : ''}
        {close.overrideReason ? t('closedPanel.override', { reason: close.overrideReason }) : ''}
      </h2>
      {close.acknowledged.length > 0 ? (
        <p className="muted" data-testid="shift-closed-acknowledged">
          {t('closedPanel.acknowledged', { what: close.acknowledged.map((a) => (a === 'not-ended' ? t('closedPanel.ackNotEnded', { time: plantHm(close.windowEnd, timeZone, lang) }) : t('closedPanel.ackZero'))).join('; ') })}
        </p>
      ) : null}
      {close.confirmations.length === 0 ? (
        <p className="muted">{t('closedPanel.nothing')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('table.line')}</th>
              <th scope="col">{t('table.order')}</th>
              <th scope="col" className="num">{t('table.yield')}</th>
              <th scope="col" className="num">{t('table.scrap')}</th>
              <th scope="col" className="num">{t('table.rework')}</th>
              <th scope="col">{t('table.kind')}</th>
              <th scope="col">{t('table.when')}</th>
              <th scope="col">{t('table.toErp')}</th>
            </tr>
          </thead>
          <tbody>
            {close.confirmations.map((c) => (
              <tr key={c.id} data-testid={`confirmation-${c.erpOrderId}`} data-kind={c.kind}>
                <td>{lineNames.get(c.lineId) ?? c.lineId}</td>
                <td>
                  {c.erpOrderId} / {c.operationId}
                </td>
                <td className="num">{f.number(Number(c.yieldQty))}</td>
                <td className="num">{f.number(Number(c.scrapQty))}</td>
                <td className="num">{f.number(Number(c.reworkQty))}</td>
                <td>
                  {c.kind === 'reversal' ? t('closedPanel.cancellation') : c.reversedBy ? t('closedPanel.postedCancelled') : t('closedPanel.posted')}
                  {c.correction > 0 ? t('closedPanel.correctionOf', { n: c.correction }) : ''}
                </td>
                <td>{plantDayTime(c.createdAt, timeZone, lang)}</td>
                <td>
                  {c.conflict ? (
                    // Another console posted the same shift's confirmation first: a conflict to resolve, never a silent drop.
                    <span className="outbox-state outbox-state--conflict" role="alert" data-testid={`confirmation-conflict-${c.erpOrderId}`}>
                      {t('closedPanel.conflict', { what: c.conflict })} <a href={`#/outbox?item=${encodeURIComponent(c.id)}`}>{t('closedPanel.resolve')}</a>
                    </span>
                  ) : (
                    <span className={`outbox-state outbox-state--${c.outboxState}`} data-testid={`confirmation-state-${c.erpOrderId}`}>
                      {outboxWords(t, c.outboxState)}
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
function ReverseShift({ draft, onDone }: { readonly draft: ShiftDraft; readonly onDone: (key: string, params: Record<string, number>) => void }) {
  const t = useT('shiftClose');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Pick<WireError, 'message' | 'msg' | 'technical'> | null>(null);
  const posted = draft.closed?.confirmations.filter((c) => c.kind === 'post' && !c.reversedBy).length ?? 0;
  if (!open) {
    return (
      <div className="shift-close__confirm">
        <button type="button" className="button" onClick={() => setOpen(true)} data-testid="shift-reverse-open">
          {t('reverse.open')}
        </button>
        <span className="muted">{t('reverse.openHint')}</span>
      </div>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    const r = await activeClient().invoke('shift.reverseClose', { date: draft.date, code: draft.code, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onDone('shiftClose:reverse.done', { n: posted });
  };
  return (
    <section className="panel" aria-labelledby="reverse-title" data-testid="shift-reverse">
      <h2 id="reverse-title" className="panel__title">
        {t('reverse.title')}
      </h2>
      <p>{t('reverse.explain', { n: posted, correction: (draft.closed?.correction ?? 0) + 1 })}</p>
      <label className="field">
        <span className="field__label">{t('reverse.reason')}</span>
        <input className="input input--wide" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="shift-reverse-reason" />
      </label>
      <ErrorNote error={error} testId="shift-reverse-error" />
      <div className="shift-close__confirm">
        <button type="button" className="button button--primary" disabled={busy || reason.trim().length < 3} onClick={() => void submit()} data-testid="shift-reverse-submit">
          {t('reverse.submit')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </section>
  );
}

/** The ERP's posting date (YYYY-MM-DD) as the person's language writes a date. */
const postingDate = (iso: string, lang: Lang): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? (lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`) : iso;
};

/** The summary before posting: per line and order what goes to the ERP, and when. */
function ShiftSummary({ draft, rows, timeZone }: { readonly draft: ShiftDraft; readonly rows: readonly CloseRow[]; readonly timeZone: string | undefined }) {
  const t = useT('shiftClose');
  const f = useFormat();
  const lang = useLang();
  const hm = (ms: number) => plantHm(ms, timeZone, lang);
  const included = rows.filter((r) => r.include);
  const end = Math.min(draft.windowEnd, draft.now);
  const correction = draft.closed?.state === 'reversed' ? draft.closed.correction + 1 : 0;
  return (
    <section className="panel" aria-labelledby="summary-title" data-testid="shift-summary">
      <h2 id="summary-title" className="panel__title">
        {t('summary.title', { code: draft.code, day: plantDay(draft.windowStart, timeZone, lang), from: hm(draft.windowStart), to: hm(end) })}
        {correction > 0 ? t('summary.correction', { n: correction }) : ''}
      </h2>
      {draft.now < draft.windowEnd ? (
        <p className="shift-close__ack" data-testid="shift-summary-early">
          {t('summary.early', { end: hm(draft.windowEnd), from: hm(draft.windowStart), to: hm(end) })}
        </p>
      ) : null}
      {included.length === 0 || partsToPost(rows) === 0 ? (
        <p data-testid="shift-summary-nothing">{t('summary.nothing')}</p>
      ) : (
        <table className="data-table" data-testid="shift-summary-table">
          <thead>
            <tr>
              <th scope="col">{t('table.line')}</th>
              <th scope="col">{t('table.order')}</th>
              <th scope="col" className="num">{t('table.good')}</th>
              <th scope="col" className="num">{t('table.scrap')}</th>
              <th scope="col" className="num">{t('table.rework')}</th>
              <th scope="col">{t('table.produced')}</th>
              <th scope="col">{t('table.toTheErp')}</th>
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
                    <div className="muted">{r.material || t('summary.notCached')}</div>
                  </td>
                  <td className="num">{f.count(r.good)}</td>
                  <td className="num">{f.count(q.scrapQty)}</td>
                  <td className="num">{f.count(q.reworkQty)}</td>
                  <td>{r.firstAt !== null && r.lastAt !== null ? t('summary.ran', { from: hm(r.firstAt), to: hm(Math.min(r.lastAt, end)), minutes: Math.round(r.runMinutes) }) : t('summary.byHand')}</td>
                  <td data-testid={`summary-erp-${r.lineId}`}>
                    {t(q.reworkQty ? 'summary.erpRework' : 'summary.erp', { yield: f.quantity(q.yieldQty, r.uom), scrap: f.quantity(q.scrapQty, r.uom), rework: f.quantity(q.reworkQty, r.uom), from: hm(draft.windowStart), to: hm(end), date: postingDate(draft.date, lang) })}
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
  const t = useT('shiftClose');
  const tm = useTMessage();
  const f = useFormat();
  const lang = useLang();
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
      <span className="field__label">{t('picker.label', { days: list?.maxAgeDays ?? 14 })}</span>
      <select className="input input--wide" value={picked ?? ''} onChange={(e) => pick(e.target.value)} data-testid="shift-pick" aria-label={t('picker.aria')}>
        {(list?.shifts ?? []).map((s) => (
          <option key={shiftKey(s)} value={shiftKey(s)} data-state={s.state}>
            {shiftLabel(s, timeZone, t, lang)}
          </option>
        ))}
      </select>
    </label>
  );

  if (!draft) {
    return (
      <section className="shift-close" data-testid="shift-close-screen">
        {list ? picker : null}
        {message ? <p className="command-error">{answerText(message, t, tm)}</p> : <p className="muted">{t('loading')}</p>}
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
  const hm = (ms: number) => plantHm(ms, timeZone, lang);
  const reload = (key: string, params?: Record<string, number>) => reloadShiftClose(okAnswer(key, params));
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
      return setMessage(failAnswer(r.error));
    }
    const posts = r.value.confirmations.filter((c) => c.kind === 'post' && !c.reversedBy).length;
    await (posts === 0 ? reload('shiftClose:answers.zero') : reload('shiftClose:answers.confirmed', { n: posts }));
  };

  return (
    <section className="shift-close" aria-labelledby="shift-close-title" data-testid="shift-close-screen">
      {picker}
      <div className="shift-close__head">
        <h1 id="shift-close-title">
          {t(closed ? 'title.closed' : 'title.close', { code: draft.code, day: plantDay(draft.windowStart, timeZone, lang) })}
        </h1>
        <span className="shift-close__window" data-testid="shift-close-window">
          {draft.state === 'running' ? t('windowRunning', { from: hm(draft.windowStart), to: hm(draft.windowEnd), end: hm(draft.windowEnd) }) : t('window', { from: hm(draft.windowStart), to: hm(draft.windowEnd) })}
        </span>
      </div>
      {erp && (erp.depth > 0 || erp.rejected + erp.parked > 0) ? (
        <p className="shift-close__waiting" data-testid="shift-close-waiting">
          {outboxSentence(erp, now, t, f)}
        </p>
      ) : null}
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="shift-close-message">
          {answerText(message, t, tm)}
        </p>
      ) : null}
      {/* Slot: sections about the picked shift from other features (held implausible counter jumps). */}
      {counterJumps ? <div className="shift-close__slot" data-testid="shift-close-counter-jumps">{counterJumps(shiftRef)}</div> : null}
      {closed ? (
        <>
          <ClosedShift close={closed} timeZone={timeZone} lineNames={new Map(draft.lines.map((l) => [l.lineId, l.lineName]))} />
          {may ? <ReverseShift draft={draft} onDone={(key, params) => void reload(key, params)} /> : null}
        </>
      ) : step === 'review' ? (
        <>
          <ShiftSummary draft={draft} rows={rows} timeZone={timeZone} />
          <div className="shift-close__confirm">
            <button type="button" className="button" onClick={() => setStep('edit')} disabled={busy} data-testid="shift-summary-back">
              {t('summary.back')}
            </button>
            <button type="button" className="button button--primary" disabled={!ready} onClick={() => void confirm()} data-testid="shift-close-post">
              {t('summary.post')}
            </button>
            <span className="muted">{t('summary.postHint')}</span>
          </div>
        </>
      ) : (
        <>
          {reversed ? (
            <div className="shift-close__blocked shift-close__blocked--note" role="status" data-testid="shift-close-reversed">
              {t('edit.reversed', { person: reversed.reversedByName ?? '', at: plantDayTime(reversed.reversedAt ?? 0, timeZone, lang), reason: (reversed.reversalReason ?? '').replace(/[.\s]+$/, ''), n: reversed.correction + 1 })}
            </div>
          ) : null}
          {noProduction ? (
            <div className="shift-close__blocked shift-close__blocked--note" role="status" data-testid="shift-close-no-production">
              {t('edit.noProduction')}
            </div>
          ) : null}
          {uncoded.length > 0 ? (
            <div className="shift-close__blocked" role="alert" data-testid="shift-close-uncoded">
              {t('edit.uncoded', { lines: uncoded.map((l) => t('edit.uncodedLine', { line: l.lineName, minutes: f.count(l.uncodedDowntimeMin) })).join(', ') })}
            </div>
          ) : null}
          <table className="data-table" data-testid="shift-close-table">
            <thead>
              <tr>
                <th scope="col">{t('table.confirm')}</th>
                <th scope="col">{t('table.line')}</th>
                <th scope="col">{t('table.order')}</th>
                <th scope="col" className="num">{t('table.countedGood')}</th>
                <th scope="col" className="num">{t('table.countedReject')}</th>
                <th scope="col">{t('table.adjustments')}</th>
                <th scope="col" className="num">{t('table.yieldToErp')}</th>
                <th scope="col" className="num">{t('table.openInErp')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={8} className="muted">
                    {t('edit.noOrder')}
                  </td>
                </tr>
              ) : null}
              {rows.map((r) => {
                const q = quantities(r);
                const v = variance(r, draft.varianceThresholdPct, t);
                return (
                  <tr key={r.key} className={v ? 'shift-close__variance' : ''} data-testid={`close-row-${r.lineId}`}>
                    <td>
                      <input type="checkbox" aria-label={t('edit.includeAria', { line: r.lineName, order: r.erpOrderId })} checked={r.include} onChange={(e) => update(r.key, { include: e.target.checked })} style={{ width: 28, height: 28 }} data-testid={`include-${r.lineId}`} />
                    </td>
                    <td>
                      {r.lineName}
                      {r.countedGood + r.countedReject === 0 ? <div className="muted">{r.countSource === 'none' ? t('edit.noRecords') : t('edit.noProductionRow')}</div> : null}
                    </td>
                    <td>
                      {r.erpOrderId} / {r.operationId}
                      <OrderHeldBadge orderId={r.erpOrderId} lineId={r.lineId} testId={`order-held-${r.lineId}-${r.erpOrderId}`} />
                      <div className="muted">{r.material || t('summary.notCached')}</div>
                    </td>
                    <td className="num">
                      <input type="number" min={0} aria-label={t('edit.goodAria', { line: r.lineName })} value={r.good} onChange={(e) => update(r.key, { good: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} data-testid={`good-${r.lineId}`} />
                      {r.heldGood + r.heldReject > 0 ? (
                        <div className="held-apart" data-testid={`held-apart-${r.lineId}`}>
                          <a className="held-badge" href="#/holds">
                            {t('edit.heldBadge')}
                          </a>{' '}
                          {t('edit.heldApart', { good: f.count(r.heldGood), reject: f.count(r.heldReject) })}
                        </div>
                      ) : null}
                    </td>
                    <td className="num">
                      <input type="number" min={0} aria-label={t('edit.rejectAria', { line: r.lineName })} value={r.reject} onChange={(e) => update(r.key, { reject: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} data-testid={`reject-${r.lineId}`} />
                    </td>
                    <td>
                      <AdjustmentEditor row={r} onChange={(adjustments) => update(r.key, { adjustments })} />
                    </td>
                    <td className="num">
                      <span className="shift-close__yield" data-testid={`yield-${r.lineId}`}>
                        {f.quantity(q.yieldQty, r.uom)}
                      </span>
                      <div className="muted">{q.reworkQty ? t('edit.scrapAndRework', { scrap: f.count(q.scrapQty), rework: f.count(q.reworkQty) }) : t('edit.scrapRework', { scrap: f.count(q.scrapQty) })}</div>
                      {v ? <div data-testid={`variance-${r.lineId}`}>{t('edit.variance', { what: v })}</div> : null}
                    </td>
                    <td className="num">{r.openQty === null ? '—' : f.count(r.openQty)}</td>
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
                  {t('edit.notEnded', { end: hm(draft.windowEnd), n: Math.max(1, Math.ceil((draft.windowEnd - now) / 60_000)) })}
                </label>
              ) : null}
              {needs.zeroProduction ? (
                <label className="shift-close__ack" data-testid="shift-close-zero">
                  <input type="checkbox" checked={ackZero} onChange={(e) => setAckZero(e.target.checked)} data-testid="ack-zero-production" style={{ width: 24, height: 24 }} />
                  {t('edit.zero')}
                </label>
              ) : null}
              {uncoded.length > 0 ? (
                <label className="field">
                  <span className="field__label">{t('edit.override')}</span>
                  <input className="input input--wide" value={override} maxLength={500} onChange={(e) => setOverride(e.target.value)} data-testid="shift-close-override" />
                </label>
              ) : null}
              <button type="button" className="button button--primary" disabled={!ready} onClick={() => setStep('review')} data-testid="shift-close-review">
                {t('edit.review')}
              </button>
            </div>
          ) : (
            <p className="muted" data-testid="shift-close-readonly">
              {t('edit.readonly')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
