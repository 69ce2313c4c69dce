import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ANONYMOUS_VIEWER } from '../../../shared/domain/actor.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { PlantDateTimeField } from '../../components/PlantDateTimeField.tsx';
import { parsePlantInput } from '../../format/plantTime.ts';
import { type Translate, useFormat, useLang, useT, useTMessage } from '../../i18n/index.tsx';
import type { Message } from '../../../shared/i18n/index.ts';
import { exportAudit, loadAudit, setAuditFilter, useAudit, verifyAuditTrail } from '../../stores/auditStore.ts';
import { linesStore } from '../../stores/linesStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { actionChoices, actionName } from './actionName.ts';

const READERS = ['admin', 'quality'] as const;
const ADMIN = ['admin'] as const;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** The same pattern for a yes/no test (a global pattern's test() keeps its position between calls). */
const HAS_UUID = new RegExp(UUID.source, 'i');

/** Detail fields the catalogue has a label for (audit:fields.<key>); others read as recorded. */
const LABELLED = new Set(['reason', 'roles', 'lineId', 'note', 'method', 'kind', 'state', 'message', 'why', 'erpOrderId', 'operationId', 'qty', 'users', 'count', 'format', 'newId', 'needed', 'mode', 'acknowledged', 'already', 'defectCategory', 'erp', 'good', 'reject', 'scope', 'from', 'to', 'at', 'until', 'lockedUntil', 'retryAt']);
/** Fields whose values are roles: each by its name (common:roles.<role>). */
const ROLE_LISTS = new Set(['roles', 'needed']);
/** Fields that hold an instant (ms since 1970): as the plant's date and time. */
const INSTANT = /^(at|from|to|until|lockedUntil|retryAt|fromAt|closedAt|windowEnd)$/;
/** The console's own references to its records: the administrator's. */
const REFERENCE = /^(id|outboxId|alertId|closeId|cancelId|screen)$/;
/** Fields whose values the catalogue says in words (audit:values.<key>.<value>). */
const WORDED: Readonly<Record<string, readonly string[]>> = { mode: ['created', 'added'], state: ['set', 'cleared', 'failed', 'clear_failed', 'kept', 'not_mapped'] };
/** Values said by another namespace's catalogue: a hold's defect category and scope kind. */
const DEFECTS = new Set(['contamination', 'dimension', 'appearance', 'labelling', 'sealing', 'weight', 'foreign-body', 'other']);
const SCOPE_KINDS = new Set(['line', 'order', 'lot', 'window']);
/** Detail fields that say a person by user id in a sentence (audit:personSentence.<key>: "switched from Paul Novak"). */
const PERSON_SENTENCE = new Set(['switchedFrom', 'unlockedAfter']);

/**
 * A record's details (canonical JSON as chained) as labelled pairs a person reads; people by name ("switched
 * from Paul Novak"), their user ids and the console's own references (UUIDs, a screen's session) only for the
 * administrator, the others read "internal reference". The exact record stays in the exports.
 */
export function detailsWords(
  details: string | null,
  admin: boolean,
  t: Translate,
  names: ReadonlyMap<string, string> = new Map(),
  tm?: (m: Message, fallback: string) => string,
  when?: (ms: number) => string,
  lineName: (lineId: string) => string | undefined = () => undefined,
): string {
  if (!details) return '';
  const hide = (s: string) => (admin ? s : s.replace(UUID, t('internalRef')));
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return hide(details);
  }
  const flat: string[] = [];
  const label = (k: string) => (LABELLED.has(k) ? t(`fields.${k}`) : k);
  // A reason the console recorded as a catalogue message (`why`: a hold interlock's) reads in the reader's
  // language; the controller's own words beside it (`message`) are then the administrator's.
  const isMessage = (v: unknown): v is Message => typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string' && Object.keys(v).every((k) => k === 'key' || k === 'params' || k === 'terms');
  const hasWhy = !admin && tm !== undefined && typeof parsed === 'object' && parsed !== null && isMessage((parsed as { why?: unknown }).why);
  const walk = (v: unknown, name: string, key: string): void => {
    if (v === null || v === undefined || v === '') return;
    const said = tm && isMessage(v) ? tm(v, '') : '';
    if (said) {
      flat.push(name ? `${name}: ${said}` : said);
      return;
    }
    if (hasWhy && key === 'message') return;
    // A session switch or an unlock says who in a sentence; the user id beside the name is the administrator's.
    if (PERSON_SENTENCE.has(key) && typeof v === 'string') {
      const who = names.get(v);
      flat.push(t(`personSentence.${key}`, { name: who ?? (admin ? v : t('someoneElse')) }) + (admin && who ? ` (${v})` : ''));
      return;
    }
    // The console's own references (a record's id, the screen a session signed in on) are the administrator's.
    if (!admin && REFERENCE.test(key)) return;
    if (when && INSTANT.test(key) && typeof v === 'number' && v > 1e11) {
      flat.push(`${name}: ${when(v)}`);
      return;
    }
    if (ROLE_LISTS.has(key) && Array.isArray(v) && v.every((r) => typeof r === 'string')) {
      flat.push(`${name}: ${v.map((r) => t(`common:roles.${r}`)).join(', ')}`);
      return;
    }
    if (typeof v === 'boolean') {
      flat.push(`${name}: ${t(v ? 'values.yes' : 'values.no')}`);
      return;
    }
    if (typeof v === 'string' && WORDED[key]?.includes(v)) {
      flat.push(`${name}: ${t(`values.${key}.${v}`)}`);
      return;
    }
    if (key === 'defectCategory' && typeof v === 'string' && DEFECTS.has(v)) {
      flat.push(`${name}: ${t(`holds:defects.${v}`)}`);
      return;
    }
    if (key === 'kind' && typeof v === 'string' && SCOPE_KINDS.has(v)) {
      flat.push(`${name}: ${t(`holds:form.kinds.${v}`)}`);
      return;
    }
    // A line by its name (the id is the configuration's; the administrator reads both).
    if (key === 'lineId' && typeof v === 'string' && lineName(v)) {
      flat.push(`${name}: ${lineName(v)}${admin ? ` (${v})` : ''}`);
      return;
    }
    if (key === 'method' && typeof v === 'string' && (v === 'badge' || v === 'name')) {
      flat.push(`${name}: ${t(`methods.${v}`)}`);
      return;
    }
    // A person's internal user id is the administrator's; the others read the name beside it, or the name it stands for.
    if (!admin && /user_?id$/i.test(key) && typeof v === 'string') {
      const who = names.get(v);
      if (who) flat.push(`${name.replace(/user_?id$/i, '').trim() || t('table.who')}: ${who}`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > 0 && v.every((x) => typeof x !== 'object' || x === null)) flat.push(`${name}: ${v.join(', ')}`);
      else v.forEach((x, i) => walk(x, `${name} ${i + 1}`, key));
    } else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, name ? `${name} ${label(k)}` : label(k), k);
    } else flat.push(name ? `${name}: ${String(v)}` : String(v));
  };
  walk(parsed, '', '');
  return hide(flat.join(' · '));
}

/** The audit trail: filters, newest first, verify the hash chain, export for auditors. */
export function AuditScreen() {
  const t = useT('audit');
  const f = useFormat();
  const tm = useTMessage();
  const lang = useLang();
  const may = useMay(READERS);
  const admin = useMay(ADMIN);
  const a = useAudit();
  const linesById = useStore(linesStore, (s) => s.byId);
  const [draft, setDraft] = useState({ userId: '', action: '', outcome: '', from: '', to: '' });
  const person = usePersonKey();
  useEffect(() => {
    if (may) void loadAudit();
  }, [may, person]);
  if (!may)
    return (
      <p className="empty" data-testid="audit-denied">
        {t('denied')}
      </p>
    );

  const from = draft.from.trim() ? parsePlantInput(draft.from, lang, f.timeZone) : null;
  const to = draft.to.trim() ? parsePlantInput(draft.to, lang, f.timeZone) : null;
  const apply = () => {
    setAuditFilter({
      ...(draft.userId.trim() ? { userId: userIdOf(draft.userId.trim()) } : {}),
      ...(draft.action ? { action: draft.action } : {}),
      ...(draft.outcome ? { outcome: draft.outcome as 'ok' | 'denied' | 'failed' } : {}),
      ...(from !== null ? { from } : {}),
      ...(to !== null ? { to } : {}),
    });
    void loadAudit();
  };
  // People by name: a target that is a person (sign-ins, role changes) reads as their name for everyone but the administrator.
  const names = new Map([...Object.entries(a.people), ...a.records.map((r): [string, string] => [r.userId, r.displayName])]);
  const choices = actionChoices(t, f.locale);
  // The person filter picks a name (people in the trail); a typed user id still works (the administrator's).
  const people = [...new Map([...names].filter(([id, n]) => id !== ANONYMOUS_VIEWER.userId && n)).entries()].sort((x, y) => x[1].localeCompare(y[1], f.locale));
  function userIdOf(typed: string): string {
    return people.find(([, n]) => n.toLocaleLowerCase(f.locale) === typed.toLocaleLowerCase(f.locale))?.[0] ?? typed;
  }
  const lineName = (id: string) => linesById[id]?.name;
  // A target is a person (by name), a line (by name) or one of the console's records: its reference is the
  // administrator's; the action beside it already says what kind of record it is.
  const hideRef = (s: string) => (admin ? s : (names.get(s) ?? lineName(s) ?? (HAS_UUID.test(s) ? t('internalRef') : s)));
  return (
    <section data-testid="audit-screen">
      <h1 className="screen-title">{t('title')}</h1>
      <div className="toolbar">
        <label className="field">
          <span className="field__label">{t('filter.user')}</span>
          <input className="field__input field__input--short" list="audit-people" value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })} data-testid="audit-filter-user" />
          <datalist id="audit-people">
            {people.map(([id, n]) => (
              <option key={id} value={n} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field__label">{t('filter.action')}</span>
          {/* Actions by name (an area = every action of it, the core's prefix filter); the codes stay the values. */}
          <select className="field__select" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} data-testid="audit-filter-action">
            <option value="">{t('filter.anyAction')}</option>
            {choices.map((c) => (
              <optgroup key={c.prefix} label={c.area}>
                <option value={c.prefix}>{t('filter.wholeArea', { area: c.area })}</option>
                {c.actions.map((x) => (
                  <option key={x.value} value={x.value}>
                    {x.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('filter.outcome')}</span>
          <select className="field__select" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })} data-testid="audit-filter-outcome">
            <option value="">{t('filter.any')}</option>
            <option value="ok">{t('outcomes.ok')}</option>
            <option value="denied">{t('outcomes.denied')}</option>
            <option value="failed">{t('outcomes.failed')}</option>
          </select>
        </label>
        <PlantDateTimeField label={t('filter.from')} text={draft.from} onText={(v) => setDraft({ ...draft, from: v })} testId="audit-filter-from" />
        <PlantDateTimeField label={t('filter.to')} text={draft.to} onText={(v) => setDraft({ ...draft, to: v })} testId="audit-filter-to" />
        <button type="button" className="button button--primary" disabled={(draft.from.trim() !== '' && from === null) || (draft.to.trim() !== '' && to === null)} onClick={apply} data-testid="audit-apply">
          {t('filter.apply')}
        </button>
        <button type="button" className="button" onClick={() => void verifyAuditTrail()} data-testid="audit-verify">
          {t('verify')}
        </button>
        <button type="button" className="button" onClick={() => void exportAudit('csv')} data-testid="audit-export-csv">
          {t('exportCsv')}
        </button>
        <button type="button" className="button" onClick={() => void exportAudit('json')} data-testid="audit-export-json">
          {t('exportJson')}
        </button>
      </div>
      {a.verify ? (
        <p className={`verify ${a.verify.ok ? '' : 'verify--broken'}`} data-testid="audit-verify-result" role="status">
          {a.verify.ok
            ? a.verify.nearCapacity
              ? t('intactNearCapacity', { count: a.verify.count, warnRows: a.verify.warnRows })
              : t('intact', { count: a.verify.count })
            : t('broken', { at: a.verify.at, problem: t(`problems.${a.verify.problem}`), message: a.verify.message })}
        </p>
      ) : null}
      <ErrorNote error={a.error} className="form-error" testId="audit-error" />
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>{t('table.seq')}</th>
            <th>{t('table.time')}</th>
            <th>{t('table.who')}</th>
            <th>{t('table.action')}</th>
            <th>{t('table.target')}</th>
            <th>{t('table.outcome')}</th>
            <th>{t('table.details')}</th>
          </tr>
        </thead>
        <tbody>
          {a.records.map((r) => (
            <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-user={r.userId} data-outcome={r.outcome}>
              <td className="mono">{r.seq}</td>
              <td>
                {f.clock(r.at)}
                <div className="muted">{f.date(r.at)}</div>
              </td>
              <td>
                {r.userId === ANONYMOUS_VIEWER.userId ? t('common:roles.viewer') : r.displayName}
                {/* The internal user id is the administrator's (filters, exports); everyone else reads the name. */}
                {admin ? <div className="muted">{r.userId}</div> : null}
              </td>
              <td data-testid="audit-action-name">
                {actionName(r.action, t, f.locale)}
                {/* The code is the administrator's (the exports and the core's filter use it). */}
                {admin ? <div className="muted mono">{r.action}</div> : null}
              </td>
              <td className="mono">{r.target ? hideRef(r.target) : ''}</td>
              <td>
                <span className={`outcome outcome--${r.outcome}`}>{t(`outcomes.${r.outcome}`)}</span>
              </td>
              <td>{detailsWords(r.details, admin, t, names, tm, f.dateTime, lineName)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a.records.length === 0 && !a.loading ? <p className="empty">{t('empty')}</p> : null}
      {a.hasMore ? (
        <button type="button" className="button" onClick={() => void loadAudit(true)}>
          {t('older')}
        </button>
      ) : null}
    </section>
  );
}
