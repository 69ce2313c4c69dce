import { randomUUID } from 'node:crypto';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { explainOutboxError } from './outboxErrorText.ts';
import type { ReadableDb, WritableDb } from '../storage/db.ts';
import { freezePayload } from './canonicalPayload.ts';
import type { OutboxError, OutboxItem, OutboxKind, OutboxState, RemoteKeys } from './outboxTypes.ts';

interface Row {
  seq: number;
  id: string;
  target: string;
  kind: string;
  ordering_key: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  first_sent_at: number | null;
  sent_at: number | null;
  check_after: number | null;
  batch_id: string | null;
  last_error: string | null;
  remote_keys: string | null;
  resolved_by: string | null;
  supersedes: string | null;
  resolution: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): OutboxItem => ({
  seq: r.seq,
  id: r.id,
  target: r.target,
  kind: r.kind as OutboxKind,
  orderingKey: r.ordering_key,
  payload: r.payload,
  state: r.state as OutboxState,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  firstSentAt: r.first_sent_at,
  sentAt: r.sent_at,
  checkAfter: r.check_after,
  batchId: r.batch_id,
  lastError: r.last_error ? (JSON.parse(r.last_error) as OutboxError) : null,
  remoteKeys: r.remote_keys ? (JSON.parse(r.remote_keys) as RemoteKeys) : null,
  resolvedBy: r.resolved_by as OutboxItem['resolvedBy'],
  supersedes: r.supersedes,
  resolution: r.resolution as OutboxItem['resolution'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Prepared statements per connection: enqueue runs inside hot domain transactions. */
const cache = new WeakMap<object, Map<string, Statement>>();
type Statement = ReturnType<WritableDb['prepare']> & { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
function stmt(db: ReadableDb, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[]>(sql) as Statement));
  return s;
}

export interface EnqueueArgs {
  target: string;
  kind: OutboxKind;
  /** "order:1000123", "asset:8901": one item in flight per key, sent in enqueue order. */
  orderingKey: string;
  payload: unknown;
  /** The item this one corrects (a resend after a rejection). */
  supersedes?: string;
  /** Enqueue time from the Clock port. */
  at: number;
  /** Our reference; a new UUID unless the caller needs to know it before (e.g. to store it in its own row). */
  id?: string;
}

/**
 * Writes one queued item. Call it INSIDE the caller's db.transaction, with the domain change that
 * causes it: both are committed together or neither is. Returns the id, which is also the reference
 * the remote system will see.
 */
export function enqueueOutbox(db: WritableDb, args: EnqueueArgs): string {
  const id = args.id ?? randomUUID();
  const payload = freezePayload(args.payload);
  const { lastInsertRowid } = stmt(
    db,
    `INSERT INTO outbox (id, target, kind, ordering_key, state, attempts, next_attempt_at, supersedes, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)`,
  ).run(id, args.target, args.kind, args.orderingKey, args.at, args.supersedes ?? null, args.at, args.at) as { lastInsertRowid: number | bigint };
  // The payload is immutable and kept apart, so the row the worker rewrites on every send stays small.
  stmt(db, 'INSERT INTO outbox_payload (seq, payload) VALUES (?, ?)').run(lastInsertRowid, payload);
  // The "queued" step of the history is the row itself (created_at, supersedes): no event row.
  return id;
}

/** `seq` is the item's seq: events of items sent together share index pages. */
export function addEvent(db: WritableDb, seq: number, at: number, from: OutboxState | null, to: OutboxState, note: string, actor: string | null, noteMsg: Message | null = null): void {
  stmt(db, 'INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note, actor, note_msg) VALUES (?, ?, ?, ?, ?, ?, ?)').run(seq, at, from, to, note.slice(0, 500), actor, noteMsg ? JSON.stringify(noteMsg) : null);
}

export function getItem(db: ReadableDb, id: string): OutboxItem | undefined {
  const r = stmt(db, 'SELECT * FROM outbox_item WHERE id = ?').get(id) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

export function itemsByIds(db: ReadableDb, ids: readonly string[]): OutboxItem[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM outbox_item WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`).all(...ids) as Row[];
  return rows.map(fromRow);
}

export interface OutboxEvent {
  at: number;
  fromState: OutboxState | null;
  toState: OutboxState;
  note: string;
  /** The note as a catalogue message (migration 0200), null for a row written before or a note without one. */
  noteMsg: Message | null;
  actor: string | null;
}

/**
 * The whole history of an item. Rows in outbox_event hold what is rare (failed attempts, read-backs,
 * people's actions); the common path is read from the item row: its creation, the attempt now in
 * flight (`sending`, sent_at, attempts, batch_id) and a success answered by the remote system
 * (`done`, resolved_by = 'response', updated_at), so a drained backlog writes no history rows.
 */
export function eventsOf(db: ReadableDb, id: string): OutboxEvent[] {
  const item = stmt(db, 'SELECT seq, target, state, attempts, batch_id, sent_at, resolved_by, created_at, updated_at, supersedes FROM outbox WHERE id = ?').get(id) as
    | { seq: number; target: string; state: OutboxState; attempts: number; batch_id: string | null; sent_at: number | null; resolved_by: string | null; created_at: number; updated_at: number; supersedes: string | null }
    | undefined;
  if (!item) return [];
  const first: OutboxEvent = { at: item.created_at, fromState: null, toState: 'queued', note: item.supersedes ? `corrects ${item.supersedes}` : '', noteMsg: item.supersedes ? msg('outboxHistory.corrects') : null, actor: null };
  const rows = stmt(db, 'SELECT at, from_state, to_state, note, actor, note_msg FROM outbox_event WHERE outbox_seq = ? ORDER BY seq').all(item.seq) as {
    at: number;
    from_state: string | null;
    to_state: string;
    note: string;
    actor: string | null;
    note_msg: string | null;
  }[];
  // A stored message names no target (the row does not hold it): the item's is added here.
  const withTarget = (m: Message): Message => ({ key: m.key, params: { ...(m.params ?? {}), target: item.target } });
  const out: OutboxEvent[] = [first, ...rows.map((r) => ({ at: r.at, fromState: r.from_state as OutboxState | null, toState: r.to_state as OutboxState, note: r.note, noteMsg: r.note_msg ? withTarget(JSON.parse(r.note_msg) as Message) : null, actor: r.actor }))];
  const last = out[out.length - 1]!.toState;
  const inFlight = item.state === 'sending';
  const answered = item.state === 'done' && item.resolved_by === 'response' && last !== 'done';
  if ((inFlight || answered) && last !== 'sending' && item.sent_at !== null) {
    out.push({ at: item.sent_at, fromState: 'queued', toState: 'sending', note: sendingNote(item.attempts, item.batch_id), noteMsg: msg('outboxHistory.attempt', { attempt: item.attempts }), actor: null });
  }
  if (answered) out.push({ at: item.updated_at, fromState: 'sending', toState: 'done', note: 'done (response)', noteMsg: msg('outboxHistory.doneResponse', { target: item.target }), actor: null });
  return out;
}

const sendingNote = (attempt: number, batchId: string | null): string => `attempt ${attempt}, batch ${(batchId ?? '').slice(0, 8)}`;

/**
 * An item leaves `sending` other than by a plain success: its attempt becomes a history row first
 * (unless an older version of the console already wrote one), so the history shows when it left.
 */
function recordAttempt(db: WritableDb, seq: number): void {
  const r = stmt(db, 'SELECT attempts, batch_id, sent_at, (SELECT to_state FROM outbox_event WHERE outbox_seq = outbox.seq ORDER BY seq DESC LIMIT 1) AS last FROM outbox WHERE seq = ?').get(seq) as
    | { attempts: number; batch_id: string | null; sent_at: number | null; last: string | null }
    | undefined;
  if (!r || r.sent_at === null || r.last === 'sending') return;
  addEvent(db, seq, r.sent_at, 'queued', 'sending', sendingNote(r.attempts, r.batch_id), null, msg('outboxHistory.attempt', { attempt: r.attempts }));
}

/** Still owed to the remote system: an earlier item of the same key in one of these holds later ones back. */
const OPEN = new Set(['queued', 'sending', 'needs_check']);

/**
 * The items a worker may send now: queued, due, and the oldest open item of their ordering key (an
 * earlier item of the same key that is still queued, sending or being checked holds later ones back).
 * Walks the not-done index in enqueue order and stops once it has `limit` heads, so its cost follows
 * what is in flight plus what is picked, not the size of the backlog (an index on the ordering key
 * would answer "is there an earlier one" directly, but costs a random page write per enqueue).
 */
export function dueHeads(db: ReadableDb, target: string, now: number, limit: number, kinds: readonly string[], keyReady: (orderingKey: string) => boolean = () => true): OutboxItem[] {
  const wanted = new Set(kinds);
  const seen = new Set<string>();
  const picked: number[] = [];
  // Pages of the index in seq order (keyset paging: `.all()` per page is far cheaper than a row iterator).
  const page = stmt(db, `SELECT seq, ordering_key, state, next_attempt_at, kind FROM outbox WHERE target = ? AND state <> 'done' AND seq > ? ORDER BY seq LIMIT ?`).raw(true);
  const size = Math.max(64, limit * 2);
  for (let after = -1; picked.length < limit; ) {
    const rows = page.all(target, after, size) as [number, string, string, number, string][];
    for (const [seq, key, state, nextAt, kind] of rows) {
      after = seq;
      if (!OPEN.has(state) || seen.has(key)) continue; // rejected and parked items wait for a person and hold nothing back
      seen.add(key);
      if (state === 'queued' && nextAt <= now && wanted.has(kind) && keyReady(key)) {
        picked.push(seq);
        if (picked.length >= limit) break;
      }
    }
    if (rows.length < size) break;
  }
  if (picked.length === 0) return [];
  const rows = stmt(db, 'SELECT * FROM outbox_item WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(JSON.stringify(picked)) as Row[];
  return rows.map(fromRow);
}

/** Items whose unknown outcome has settled long enough to be read back. */
export function dueChecks(db: ReadableDb, target: string, now: number, limit: number): OutboxItem[] {
  const rows = stmt(db, `SELECT * FROM outbox_item WHERE target = ? AND state = 'needs_check' AND check_after <= ? ORDER BY check_after, seq LIMIT ?`).all(target, now, limit) as Row[];
  return rows.map(fromRow);
}

/**
 * Whether any item of the target waits for a read-back now: the worker asks before it commits each window of a
 * drain. The same test as dueChecks, on the partial index alone (dueChecks reads whole rows through the
 * payload join, ~4× the time for the usual answer, none).
 */
export function hasDueChecks(db: ReadableDb, target: string, now: number): boolean {
  return stmt(db, `SELECT 1 FROM outbox WHERE target = ? AND state = 'needs_check' AND check_after <= ? LIMIT 1`).get(target, now) !== undefined;
}

/** The earliest moment the worker has something to do for this target (null: nothing pending). */
export function nextWakeAt(db: ReadableDb, target: string): number | null {
  // The head of each key is its open item with the lowest seq (SQLite gives the bare columns of a
  // MIN() aggregate from that row); only a queued head can come due.
  const r = stmt(
    db,
    `SELECT MIN(t) AS t FROM (
       SELECT MIN(next_attempt_at) AS t FROM (
         SELECT state, next_attempt_at, MIN(seq) FROM outbox
         WHERE target = ? AND state <> 'done' AND state IN ('queued', 'sending', 'needs_check')
         GROUP BY ordering_key)
       WHERE state = 'queued'
       UNION ALL SELECT MIN(check_after) FROM outbox WHERE target = ? AND state = 'needs_check')`,
  ).get(target, target) as { t: number | null };
  return r.t;
}

function setState(
  db: WritableDb,
  item: Pick<OutboxItem, 'seq' | 'state'>,
  to: OutboxState,
  at: number,
  fields: Partial<Record<'next_attempt_at' | 'check_after' | 'last_error' | 'remote_keys' | 'resolved_by' | 'batch_id', string | number | null>>,
  note: string,
  actor: string | null = null,
  noteMsg: Message | null = null,
): void {
  if (item.state === 'sending') recordAttempt(db, item.seq);
  const names = Object.keys(fields);
  const sets = ['state = ?', 'updated_at = ?', ...names.map((n) => `${n} = ?`)].join(', ');
  stmt(db, `UPDATE outbox SET ${sets} WHERE seq = ?`).run(to, at, ...names.map((n) => fields[n as keyof typeof fields] ?? null), item.seq);
  addEvent(db, item.seq, at, item.state, to, note, actor, noteMsg);
}

/**
 * `sending` is committed BEFORE the request leaves: a crash after this point is read back, never
 * blindly resent. One UPDATE per batch and no history row (the row holds the attempt: see eventsOf):
 * this runs once per request while a backlog drains, inside the commit that also records the previous
 * answers. Only queued items are sent, so the step is always queued → sending.
 */
export function markSending(db: WritableDb, items: readonly OutboxItem[], batchId: string, at: number): void {
  markSendingMany(db, [{ items, batchId }], at);
}

/**
 * markSending for a whole window of batches (each with its own batch id) in ONE statement: the worker
 * commits a window of `parallelRequests` batches at a time, and a statement per batch cost as much again.
 */
export function markSendingMany(db: WritableDb, batches: readonly { items: readonly Pick<OutboxItem, 'seq'>[]; batchId: string }[], at: number): void {
  const rows = batches.flatMap((b) => b.items.map((it) => [it.seq, b.batchId] as const));
  if (rows.length === 0) return;
  stmt(db, `UPDATE outbox SET state = 'sending', attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, ?), sent_at = ?, batch_id = j.value ->> 1, updated_at = ? FROM json_each(?) AS j WHERE outbox.seq = j.value ->> 0`).run(
    at,
    at,
    at,
    JSON.stringify(rows),
  );
}

/** One history row per [seq, from, to, note], in one statement. */
function addEvents(db: WritableDb, at: number, rows: readonly (readonly [number, OutboxState, OutboxState, string])[]): void {
  stmt(db, `INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note, actor) SELECT value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, NULL FROM json_each(?)`).run(
    at,
    JSON.stringify(rows.map(([seq, from, to, note]) => [seq, from, to, note.slice(0, 500)])),
  );
}

/**
 * Items committed as `sending` ahead of time whose request never left (the worker stopped after a
 * failure, went offline or was shut down): back to `queued` exactly as they were before, so no attempt
 * is spent and their history shows nothing. `items` are the rows as read before markSending.
 */
export function unmarkSending(db: WritableDb, items: readonly OutboxItem[], at: number): void {
  const restore = stmt(db, `UPDATE outbox SET state = 'queued', attempts = ?, first_sent_at = ?, sent_at = ?, batch_id = ?, updated_at = ? WHERE seq = ? AND state = 'sending'`);
  for (const it of items) restore.run(it.attempts, it.firstSentAt, it.sentAt, it.batchId, Math.max(it.updatedAt, at), it.seq);
}

/**
 * The items of an answered batch that the remote system applied, in one UPDATE. A plain success
 * writes no history row (eventsOf reads it from the row); one with something to say (a warning from
 * the remote system) keeps its note as rows.
 */
export function markDoneMany(db: WritableDb, done: readonly { item: Pick<OutboxItem, 'seq' | 'state'>; remoteKeys: RemoteKeys; note?: string }[], at: number): void {
  if (done.length === 0) return;
  // Inside the worker's commit already (the usual case): no savepoint around it.
  const inOne = (f: () => void) => (db.inTransaction ? f() : db.transaction(f)());
  inOne(() => {
    stmt(db, `UPDATE outbox SET state = 'done', updated_at = ?, resolved_by = 'response', remote_keys = j.value ->> 1 FROM json_each(?) AS j WHERE outbox.seq = j.value ->> 0`).run(
      at,
      JSON.stringify(done.map((d) => [d.item.seq, JSON.stringify(d.remoteKeys)])),
    );
    const noted = done.filter((d) => d.note);
    for (const d of noted) if (d.item.state === 'sending') recordAttempt(db, d.item.seq);
    if (noted.length > 0) addEvents(db, at, noted.map((d) => [d.item.seq, d.item.state, 'done', d.note!]));
  });
}

const errJson = (e: OutboxError): string => JSON.stringify(e);
/** A history line's message: the error explained (outboxErrorText.ts); eventsOf adds the item's target. */
const why = (e: OutboxError): Message => explainOutboxError(e, '').msg;

export function markDone(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, remoteKeys: RemoteKeys, by: 'response' | 'readback' | 'person', note = ''): void {
  setState(db, item, 'done', at, { remote_keys: JSON.stringify(remoteKeys), resolved_by: by }, note || `done (${by})`);
}

/** Nothing was applied remotely: back to the queue. `refundAttempt` when we never really tried (offline). */
export function markRetry(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, nextAttemptAt: number, error: OutboxError | null, refundAttempt = false): void {
  if (refundAttempt) stmt(db, 'UPDATE outbox SET attempts = MAX(0, attempts - 1) WHERE seq = ?').run(item.seq);
  setState(db, item, 'queued', at, { next_attempt_at: nextAttemptAt, ...(error ? { last_error: errJson(error) } : {}) }, error ? `retry: ${error.message}` : 'resend after read-back found nothing', null, error ? why(error) : msg('outboxHistory.readBackNothing'));
}

export function markNeedsCheck(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, checkAfter: number, error: OutboxError): void {
  setState(db, item, 'needs_check', at, { check_after: checkAfter, last_error: errJson(error) }, `outcome unknown: ${error.message}`, null, why(error));
}

/**
 * A resend that the remote system answered as applied: not done on the answer alone. It waits in
 * needs_check with the keys of the answer until a read-back shows one record under its reference
 * (two would mean the earlier attempt was applied too: a duplicate to repair).
 */
export function markConfirming(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, checkAfter: number, remoteKeys: RemoteKeys): void {
  setState(db, item, 'needs_check', at, { check_after: checkAfter, remote_keys: JSON.stringify(remoteKeys) }, 'answered as applied after a resend; a read-back confirms there is one record');
}

/** Found nothing after an unknown outcome: back to the queue after a backoff, never due at once. */
export function markResendAfterCheck(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, nextAttemptAt: number): void {
  setState(db, item, 'queued', at, { next_attempt_at: nextAttemptAt }, 'read-back found nothing; the remote system can no longer apply the earlier attempt: resend');
}

/**
 * When each ordering key of a target last left, for keys sent after `since` (the per-key gap after a
 * restart). Uses the partial index outbox_sent (migration 0100): it costs the keys sent recently.
 */
export function lastSentByKey(db: ReadableDb, target: string, since: number): Map<string, number> {
  const rows = stmt(db, 'SELECT ordering_key AS k, MAX(sent_at) AS t FROM outbox WHERE target = ? AND sent_at IS NOT NULL AND sent_at > ? GROUP BY ordering_key').all(target, since) as { k: string; t: number }[];
  return new Map(rows.map((r) => [r.k, r.t]));
}

/** One extra record found under a reference; `cancelId` is the cancellation enqueued for it (null: a person decides). */
export function recordDuplicate(db: WritableDb, d: { itemId: string; target: string; at: number; records: number; extraKeys: RemoteKeys; cancelId: string | null }): boolean {
  const r = stmt(db, 'INSERT OR IGNORE INTO outbox_duplicate (item_id, target, found_at, records, extra_keys, cancel_id) VALUES (?, ?, ?, ?, ?, ?)').run(d.itemId, d.target, d.at, d.records, JSON.stringify(d.extraKeys), d.cancelId) as { changes: number };
  return r.changes > 0;
}

export interface DuplicateCounts {
  /** Extra records whose cancellation the remote system has confirmed. */
  repaired: number;
  /** Extra records whose cancellation is still on its way, or that wait for a person. */
  open: number;
}

export function duplicateCounts(db: ReadableDb, target: string): DuplicateCounts {
  const r = stmt(
    db,
    `SELECT COUNT(*) AS n, SUM(CASE WHEN o.state = 'done' THEN 1 ELSE 0 END) AS repaired
       FROM outbox_duplicate d LEFT JOIN outbox o ON o.id = d.cancel_id WHERE d.target = ?`,
  ).get(target) as { n: number; repaired: number | null };
  const repaired = r.repaired ?? 0;
  return { repaired, open: r.n - repaired };
}

/** The duplicate register of one item (for its detail view). */
export function duplicatesOf(db: ReadableDb, itemId: string): { foundAt: number; records: number; extraKeys: RemoteKeys; cancelId: string | null; cancelState: OutboxState | null }[] {
  const rows = stmt(db, 'SELECT d.found_at, d.records, d.extra_keys, d.cancel_id, o.state FROM outbox_duplicate d LEFT JOIN outbox o ON o.id = d.cancel_id WHERE d.item_id = ? ORDER BY d.seq').all(itemId) as {
    found_at: number;
    records: number;
    extra_keys: string;
    cancel_id: string | null;
    state: string | null;
  }[];
  return rows.map((r) => ({ foundAt: r.found_at, records: r.records, extraKeys: JSON.parse(r.extra_keys) as RemoteKeys, cancelId: r.cancel_id, cancelState: r.state as OutboxState | null }));
}

export function markRejected(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, error: OutboxError): void {
  setState(db, item, 'rejected', at, { last_error: errJson(error) }, `rejected: ${error.message}`, null, why(error));
}

export function markParked(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, error: OutboxError): void {
  setState(db, item, 'parked', at, { last_error: errJson(error) }, `parked: ${error.message}`, null, why(error));
}

/** Read-back failed: stay in needs_check (never resend blind) and look again later. */
export function postponeCheck(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, at: number, checkAfter: number, error: OutboxError): void {
  stmt(db, 'UPDATE outbox SET check_after = ?, last_error = ?, updated_at = ? WHERE seq = ?').run(checkAfter, errJson(error), at, item.seq);
  addEvent(db, item.seq, at, item.state, 'needs_check', `read-back failed: ${error.message}`, null, msg('outboxHistory.readBackFailed'));
}

/**
 * At start-up nothing can be in flight: whatever was `sending` when the process stopped has an
 * unknown outcome and is read back after the settle delay.
 */
export function recoverSending(db: WritableDb, target: string, at: number, checkAfter: number | ((item: OutboxItem) => number)): number {
  return db.transaction(() => {
    const rows = stmt(db, `SELECT * FROM outbox_item WHERE target = ? AND state <> 'done' AND state = 'sending'`).all(target) as Row[];
    for (const r of rows) {
      const it = fromRow(r);
      const when = typeof checkAfter === 'number' ? checkAfter : checkAfter(it);
      setState(db, it, 'needs_check', at, { check_after: when, last_error: errJson({ class: 'unknown', message: 'the console stopped while this was being sent', msg: msg('outbox.stoppedWhileSending') }) }, 'console restarted while sending', null, msg('outbox.stoppedWhileSending'));
    }
    return rows.length;
  })();
}

/** Items given up by age are parked with a reason, never deleted. */
export function parkOlderThan(db: WritableDb, target: string, createdBefore: number, at: number): number {
  const rows = stmt(db, `SELECT * FROM outbox_item WHERE target = ? AND state <> 'done' AND state = 'queued' AND created_at < ?`).all(target, createdBefore) as Row[];
  for (const r of rows) {
    const days = Math.round((at - r.created_at) / 86_400_000);
    markParked(db, fromRow(r), at, { class: 'transient', message: `not delivered after ${days} days of trying; check the ERP connection, then resend`, msg: msg('outbox.gaveUp', { days }) });
  }
  return rows.length;
}

export interface ListFilter {
  target?: string;
  states?: readonly OutboxState[];
  kind?: string;
  /** Include discarded and superseded items. */
  includeResolved?: boolean;
  limit: number;
  beforeSeq?: number;
}

export function listItems(db: ReadableDb, f: ListFilter): OutboxItem[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.target) (where.push('target = ?'), args.push(f.target));
  if (f.kind) (where.push('kind = ?'), args.push(f.kind));
  if (f.states && f.states.length > 0) (where.push(`state IN (${f.states.map(() => '?').join(',')})`), args.push(...f.states));
  // Lets SQLite use the not-done index (its WHERE must appear in the query to be usable).
  if (f.states && f.states.length > 0 && !f.states.includes('done')) where.push(`state <> 'done'`);
  if (!f.includeResolved) where.push('resolution IS NULL');
  if (f.beforeSeq !== undefined) (where.push('seq < ?'), args.push(f.beforeSeq));
  const sql = `SELECT * FROM outbox_item ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  return (stmt(db, sql).all(...args, f.limit) as Row[]).map(fromRow);
}

export function setResolution(db: WritableDb, item: Pick<OutboxItem, 'seq' | 'state'>, resolution: 'superseded' | 'discarded', at: number, note: string, actor: string, noteMsg: Message | null = null): void {
  stmt(db, 'UPDATE outbox SET resolution = ?, resolved_by = ?, updated_at = ? WHERE seq = ?').run(resolution, 'person', at, item.seq);
  addEvent(db, item.seq, at, item.state, item.state, note, actor, noteMsg);
}

export interface TargetStats {
  target: string;
  queued: number;
  sending: number;
  needsCheck: number;
  rejected: number;
  parked: number;
  oldestCreatedAt: number | null;
  nextAttemptAt: number | null;
  byKind: Record<string, number>;
}

export const STATS_SQL = `SELECT target, kind, state, COUNT(*) AS n, MIN(created_at) AS oldest, MIN(CASE WHEN state = 'queued' THEN next_attempt_at END) AS next_at
       FROM outbox WHERE state <> 'done' AND resolution IS NULL GROUP BY target, kind, state`;

/**
 * Depth = everything not yet confirmed by the remote system; rejected and parked are counted apart.
 * Done rows are never read: the outbox keeps every item forever, and this runs several times a second,
 * so it must cost what is open, not what is history (the `state <> 'done'` term lets SQLite use the
 * partial index outbox_open).
 */
export function statsByTarget(db: ReadableDb): TargetStats[] {
  const rows = db
    .prepare(STATS_SQL)
    .all() as { target: string; kind: string; state: OutboxState; n: number; oldest: number; next_at: number | null }[];
  const by = new Map<string, TargetStats>();
  for (const r of rows) {
    let s = by.get(r.target);
    if (!s) {
      s = { target: r.target, queued: 0, sending: 0, needsCheck: 0, rejected: 0, parked: 0, oldestCreatedAt: null, nextAttemptAt: null, byKind: {} };
      by.set(r.target, s);
    }
    const open = r.state === 'queued' || r.state === 'sending' || r.state === 'needs_check';
    if (r.state === 'needs_check') s.needsCheck += r.n;
    else if (r.state === 'queued') s.queued += r.n;
    else if (r.state === 'sending') s.sending += r.n;
    else if (r.state === 'rejected') s.rejected += r.n;
    else if (r.state === 'parked') s.parked += r.n;
    if (open) {
      s.byKind[r.kind] = (s.byKind[r.kind] ?? 0) + r.n;
      s.oldestCreatedAt = s.oldestCreatedAt === null ? r.oldest : Math.min(s.oldestCreatedAt, r.oldest);
    }
    if (r.next_at !== null) s.nextAttemptAt = s.nextAttemptAt === null ? r.next_at : Math.min(s.nextAttemptAt, r.next_at);
  }
  return [...by.values()].sort((a, b) => a.target.localeCompare(b.target));
}

/** The newest error among items still waiting or failed: what the header shows next to the count. */
export function latestOpenError(db: ReadableDb, target: string): OutboxError | null {
  const r = db
    .prepare(`SELECT last_error FROM outbox WHERE target = ? AND state <> 'done' AND state IN ('queued', 'needs_check', 'rejected', 'parked') AND resolution IS NULL AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1`)
    .get(target) as { last_error: string } | undefined;
  return r ? (JSON.parse(r.last_error) as OutboxError) : null;
}
