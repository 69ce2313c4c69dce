import { memo, useEffect, useRef, useState } from 'react';
import { CONFIRMATION_CORRECTION_FIELDS, CORRECTABLE_KINDS, type OutboxCorrection, type OutboxItemView, type OutboxTargetStats } from '../../../shared/contract/domains/outbox.ts';
import type { Lang, Message } from '../../../shared/i18n/index.ts';
import { useNow } from '../../app/useNow.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Format, type Translate, currentFormat, tMessage, useFormat, useLang, useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { discardItem, loadOutboxHistory, loadOutboxItems, resendItem, useOutboxHistory, targetName, useOutboxStats, useOutboxUi, waitingNoun } from '../../stores/outboxStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { linesStore } from '../../stores/linesStore.ts';

const lineName = (id: string): string => linesStore.getState().byId[id]?.name ?? id;

const TRIAGE = ['supervisor', 'quality', 'planner', 'admin'] as const;
const ADMIN = ['admin'] as const;

function TargetCard({ s, now }: { readonly s: OutboxTargetStats; readonly now: number }) {
  const t = useT('outbox');
  const tm = useTMessage();
  const f = useFormat();
  const target = targetName(t, s);
  return (
    <section className="panel" data-testid={`outbox-target-${s.target}`}>
      <h2 className="panel__title">{s.label}</h2>
      <div className="outbox-target__figures">
        <div className="outbox-target__figure">
          <b data-testid={`outbox-depth-${s.target}`}>{f.count(s.depth)}</b>
          <span>{t('figures.waiting')}</span>
        </div>
        <div className="outbox-target__figure">
          <b>{s.oldestCreatedAt === null ? '—' : f.duration(now - s.oldestCreatedAt)}</b>
          <span>{t('figures.oldest')}</span>
        </div>
        <div className={`outbox-target__figure ${s.rejected + s.parked > 0 ? 'is-failed' : ''}`}>
          <b data-testid={`outbox-failed-${s.target}`}>{f.count(s.rejected + s.parked)}</b>
          <span>{t('figures.failed', { rejected: s.rejected, parked: s.parked })}</span>
        </div>
      </div>
      <p className="muted">
        {s.depth > 0 ? t('card.waitingFor', { what: waitingNoun(t, s), target, n: s.depth }) : t('card.nothing')}{' '}
        {!s.online ? `${t('card.offline')} ` : ''}
        {s.breaker !== 'closed' ? `${t('card.paused', { target })} ` : ''}
        {s.needsCheck > 0 ? `${t('card.needsCheck', { n: s.needsCheck })} ` : ''}
        {s.duplicates.repaired + s.duplicates.open > 0 ? (
          <span className={s.duplicates.open > 0 ? 'command-error' : ''} data-testid={`outbox-duplicates-${s.target}`}>
            {s.duplicates.repaired > 0 ? `${t('card.repaired', { n: s.duplicates.repaired, target })} ` : ''}
            {s.duplicates.open > 0 ? `${t('card.openDuplicates', { n: s.duplicates.open, target })} ` : ''}
          </span>
        ) : null}
        {s.lastError ? t('card.lastProblem', { problem: tm(s.lastErrorMsg, s.lastError) }) : ''}
      </p>
    </section>
  );
}

/** What an item is, in the language on screen, from its payload (a catalogue sentence for an item the screen cannot read). */
export function itemSummary(t: Translate, item: Pick<OutboxItemView, 'kind' | 'payload' | 'summary'>, f: Pick<Format, 'quantity'> = currentFormat(undefined), tm: (m: Message | null | undefined, fallback: string) => string = tMessage): string {
  const p = (item.payload ?? {}) as { order?: { erpOrderId?: string; operationId?: string }; quantities?: { yield?: string; scrap?: string; rework?: string; uom?: string }; reason?: string };
  if (item.kind === 'confirmation.post' && p.order?.erpOrderId && p.quantities) {
    const q = p.quantities;
    const params = { order: p.order.erpOrderId, operation: (p.order.operationId ?? '').padStart(4, '0'), yield: f.quantity(q.yield ?? '0', q.uom), scrap: f.quantity(q.scrap ?? '0', q.uom), rework: f.quantity(q.rework ?? '0', q.uom) };
    return t(q.rework && q.rework !== '0' ? 'summary.postRework' : 'summary.post', params);
  }
  if (item.kind === 'confirmation.cancel' && p.order?.erpOrderId) return t('summary.cancel', { order: p.order.erpOrderId, reason: p.reason ?? '' });
  const h = (item.payload ?? {}) as { scope?: { lineId?: string | null; erpOrderId?: string | null; lot?: string | null }; items?: { qty?: string; uom?: string }[]; reason?: string };
  if ((item.kind === 'hold.place' || item.kind === 'hold.release') && Array.isArray(h.items)) {
    const qty = h.items.reduce((n, i) => n + (Number(i.qty) || 0), 0);
    const params = { qty: f.quantity(qty, h.items[0]?.uom), reason: h.reason ?? '' };
    if (item.kind === 'hold.release') return t('summary.holdRelease', params);
    const where = h.scope?.lot ? t('summary.whereLot', { lot: h.scope.lot }) : h.scope?.erpOrderId ? t('summary.whereOrder', { order: h.scope.erpOrderId }) : t('summary.whereLine', { line: lineName(h.scope?.lineId ?? '') });
    return t('summary.hold', { ...params, where });
  }
  // Maintenance cases (payloads: platform/cmms/cmmsTypes.ts, with the alert title's Message since issue 18; older items read their English title).
  const c = (item.payload ?? {}) as { lineId?: string; lineName?: string; title?: string; titleMsg?: Message; priority?: number; machineDown?: boolean; text?: string; assetKey?: string; repeatedStop?: { lineId?: string; title?: string; titleMsg?: Message } };
  if (item.kind === 'case.create' && ((typeof c.title === 'string' && c.title.trim() !== '') || c.titleMsg)) {
    const line = c.lineName || lineName(c.lineId ?? '');
    const title = tm(c.titleMsg, c.title ?? '');
    // Line alerts name their line in the title already.
    return t('summary.caseCreate', { title: title.startsWith(line) ? title : t('summary.lineTitle', { line, title }), priority: c.priority ?? 0, down: c.machineDown === true });
  }
  if (item.kind === 'case.update' && typeof c.text === 'string') {
    const line = lineName((c.assetKey ?? '').split('/')[0] ?? '');
    const again = c.repeatedStop;
    if (again?.title) {
      const title = tm(again.titleMsg, again.title);
      const on = lineName(again.lineId ?? '');
      return t('summary.caseRepeatedStop', { title: title.startsWith(on) ? title : t('summary.lineTitle', { line: on, title }) });
    }
    const first = c.text.split('\n')[0]!.trim();
    return t('summary.caseNote', { line, note: first.length > 120 ? `${first.slice(0, 119)}…` : first });
  }
  // Never the core's own text (English, and for a kind it has no words for, the kind's code: "case.create"):
  // a sentence from the catalogue, with the line when the payload names one.
  const where = c.lineName || (c.lineId ? lineName(c.lineId) : '') || (c.assetKey ? lineName(c.assetKey.split('/')[0] ?? '') : '');
  return where ? t('summary.forLine', { line: where }) : t('summary.noDetail');
}

/** A posting date as the person's language writes it (06.12.2026 / 06/12/2026), and back to the ERP's YYYY-MM-DD. */
const localDate = (iso: string, lang: Lang): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? (lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`) : iso;
};
const isoDate = (text: string): string => {
  const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
};

function ItemDetail({ item, onClose }: { readonly item: OutboxItemView; readonly onClose: () => void }) {
  const t = useT('outbox');
  const tm = useTMessage();
  const f = useFormat();
  const lang = useLang();
  const may = useMay(TRIAGE);
  const admin = useMay(ADMIN);
  const history = useOutboxHistory(item.id);
  const [reason, setReason] = useState('');
  const correctable = CORRECTABLE_KINDS.includes(item.kind);
  const original = correctionValues(item.payload);
  const shownOriginal: Record<string, string> = { ...original, postingDate: localDate(original.postingDate ?? '', lang) };
  const [fields, setFields] = useState<Record<string, string>>(shownOriginal);
  useEffect(() => {
    void loadOutboxHistory(item.id);
  }, [item.id, item.updatedAt]);
  const failed = (item.state === 'rejected' || item.state === 'parked') && item.resolution === null;
  const value = (k: string, v: string) => (k === 'postingDate' ? isoDate(v) : v.trim());
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => value(k, v) !== (original[k] ?? '')).map(([k, v]) => [k, value(k, v)]));
  const resend = async () => {
    const correction = correctable && Object.keys(changed).length > 0 ? ({ kind: 'confirmation.post', fields: changed } as OutboxCorrection) : undefined;
    if (await resendItem(item.id, reason, correction)) onClose();
  };
  const kindName = t(`kindName.${item.kind}`);
  return (
    <section className="panel outbox-detail" aria-labelledby="outbox-detail-title" data-testid="outbox-detail">
      <div className="panel__head">
        <h2 id="outbox-detail-title" className="panel__title">
          {kindName}: {itemSummary(t, item, f, tm)}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>
      <p>
        <span className={`outbox-state outbox-state--${item.state}`}>{t(`states.${item.state}`)}</span> · {t('detail.attempts', { n: item.attempts })}
        {item.remoteKeys ? ` · ${t('detail.erpKeys', { keys: Object.values(item.remoteKeys).join(' / ') })}` : ''}
        {item.resolution ? ` · ${t(`resolution.${item.resolution}`)}` : ''}
        {/* The console's own reference is for the administrator (logs, the remote system's records). */}
        {admin ? (
          <>
            {' · '}
            {t('detail.reference')} <span className="mono">{item.id}</span>
          </>
        ) : null}
      </p>
      {item.lastError && item.state !== 'done' ? (
        <div data-testid="outbox-problem">
          <p className="outbox-detail__what">{t('detail.failed', { kind: kindName })}</p>
          {/* What happened and what to do in the reader's language; the remote system's own words behind Details, for the administrator. */}
          <ErrorNote error={item.lastError.msg ? item.lastError : { message: t('detail.noReason'), ...(item.lastError.technical ? { technical: item.lastError.technical } : {}) }} testId="outbox-problem-note" />
        </div>
      ) : null}
      <h3>{t('detail.history')}</h3>
      <ol className="outbox-detail__history" data-testid="outbox-history">
        {history.map((h, i) => (
          <li key={i}>
            {f.clock(h.at)} {h.fromState ? `${t(`states.${h.fromState}`)} → ` : ''}
            {t(`states.${h.toState}`)}
            {h.note || h.noteMsg ? `: ${tm(h.noteMsg, h.note)}` : ''}
            {h.actor ? ` (${h.actor})` : ''}
          </li>
        ))}
      </ol>
      {failed && may ? (
        <>
          {correctable ? (
            <fieldset className="outbox-correction" data-testid="outbox-correction">
              <legend>{t('detail.correct')}</legend>
              {CONFIRMATION_CORRECTION_FIELDS.map((c) => (
                <label key={c.key} className="field">
                  <span className="field__label">
                    {t(`detail.fields.${c.key}`)}
                    {changed[c.key] !== undefined ? ` ${shownOriginal[c.key] ? t('detail.was', { value: c.key === 'finality' ? t(`detail.${shownOriginal[c.key]}`) : shownOriginal[c.key] }) : t('detail.wasEmpty')}` : ''}
                  </span>
                  {c.key === 'finality' ? (
                    <select className="input" value={fields[c.key]} onChange={(e) => setFields({ ...fields, [c.key]: e.target.value })} data-testid={`outbox-correct-${c.key}`}>
                      <option value="partial">{t('detail.partial')}</option>
                      <option value="final">{t('detail.final')}</option>
                    </select>
                  ) : (
                    <input className="input" type="text" value={fields[c.key]} onChange={(e) => setFields({ ...fields, [c.key]: e.target.value })} data-testid={`outbox-correct-${c.key}`} />
                  )}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="muted">{t('detail.asItIs')}</p>
          )}
          <div className="outbox-actions">
            <label className="field">
              <span className="field__label">{t('detail.reason')}</span>
              <input className="input input--wide" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="outbox-reason" />
            </label>
            <button type="button" className="button button--primary" disabled={reason.trim().length < 3} onClick={() => void resend()} data-testid="outbox-resend">
              {t('detail.resend')}
            </button>
            <button type="button" className="button" disabled={reason.trim().length < 3} onClick={() => void discardItem(item.id, reason).then((ok) => ok && onClose())} data-testid="outbox-discard">
              {t('detail.discard')}
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

/**
 * One item's row. Drawn again only when its item changed (the store keeps an unchanged item the same object):
 * a person can open an item while it is retried (issue 18: the row was redrawn on every attempt).
 */
const OutboxRow = memo(function OutboxRow({ item: i, onOpen }: { readonly item: OutboxItemView; readonly onOpen: (id: string) => void }) {
  const t = useT('outbox');
  const tm = useTMessage();
  const f = useFormat();
  return (
    <tr data-testid={`outbox-item-${i.id}`} data-kind={i.kind}>
      <td className="mono">{f.clock(i.createdAt)}</td>
      <td>
        <button type="button" className="button button--quiet" onClick={() => onOpen(i.id)}>
          {t(`kindName.${i.kind}`)}: {itemSummary(t, i, f, tm)}
        </button>
      </td>
      <td>
        <span className={`outbox-state outbox-state--${i.state}`}>{t(`states.${i.state}`)}</span>
        {i.resolution ? <span className="muted"> ({t(`resolution.${i.resolution}`)})</span> : null}
      </td>
      <td className="num">{f.count(i.attempts)}</td>
      <td>{i.state === 'done' || !i.lastError ? '' : tm(i.lastError.msg, i.lastError.message)}</td>
    </tr>
  );
});

/** Everything waiting for or refused by a remote system, with each item's history and what a person can do about it. */
export function OutboxScreen() {
  const t = useT('outbox');
  const tm = useTMessage();
  const stats = useOutboxStats();
  const ui = useOutboxUi();
  const now = useNow();
  const [openId, setOpenId] = useState<string | null>(null);
  const person = usePersonKey();
  // The screen opens on the tab that holds what needs a person: the failed items, when there are any.
  const opened = useRef(false);
  useEffect(() => {
    let filter = ui.filter;
    if (!opened.current && stats) {
      opened.current = true;
      if (stats.targets.some((s) => s.rejected + s.parked > 0)) filter = 'failed';
    }
    void loadOutboxItems(filter);
    // Reload when the counts change (items move between the lists) and when the person changes (what they may list).
  }, [ui.filter, stats?.targets.map((s) => `${s.depth}/${s.rejected}/${s.parked}`).join(), person]);
  useEffect(() => setOpenId(null), [person]);
  const open = ui.items.find((i) => i.id === openId) ?? null;
  return (
    <section className="outbox-screen" aria-labelledby="outbox-title" data-testid="outbox-screen">
      <h1 id="outbox-title">{t('title')}</h1>
      <div className="outbox-targets">{stats?.targets.length ? stats.targets.map((s) => <TargetCard key={s.target} s={s} now={now} />) : <p className="muted">{t('noTarget')}</p>}</div>
      {ui.message ? (
        <p className={ui.message.ok ? 'command-ok' : 'command-error'} role={ui.message.ok ? 'status' : 'alert'} data-testid="outbox-message">
          {answerText(ui.message, t, tm)}
        </p>
      ) : null}
      <div className="outbox-filter" role="group" aria-label={t('filter.aria')}>
        {(['waiting', 'failed', 'all'] as const).map((k) => (
          <button key={k} type="button" className="button" aria-pressed={ui.filter === k} onClick={() => void loadOutboxItems(k)} data-testid={`outbox-filter-${k}`}>
            {t(`filter.${k}`)}
          </button>
        ))}
      </div>
      {open ? <ItemDetail key={open.id} item={open} onClose={() => setOpenId(null)} /> : null}
      <table className="data-table" data-testid="outbox-items">
        <thead>
          <tr>
            <th scope="col">{t('table.created')}</th>
            <th scope="col">{t('table.what')}</th>
            <th scope="col">{t('table.state')}</th>
            <th scope="col">{t('table.attempts')}</th>
            <th scope="col">{t('table.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {ui.items.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                {t('table.empty')}
              </td>
            </tr>
          ) : null}
          {ui.items.map((i) => (
            <OutboxRow key={i.id} item={i} onOpen={setOpenId} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
