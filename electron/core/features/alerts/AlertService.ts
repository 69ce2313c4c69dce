import { englishOf } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import type { AlertsSummary, AlertView } from '../../../../shared/contract/domains/alerts.ts';
import {
  acknowledged,
  cleared,
  FLOOD_WINDOW_MS,
  FloodDetector,
  type FloodState,
  rankBadActors,
  raised,
  shelved,
  type ShelveRequest,
  tickShelve,
  unshelved,
} from '../../../../shared/domain/alert.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import * as repo from './alertRepo.ts';

/** A condition a source sees now. The service turns it into an alert row (new or revived). */
export interface Condition {
  key: string;
  source: repo.NewAlert['source'];
  lineId: string | null;
  assetId: string | null;
  priority: repo.NewAlert['priority'];
  title: string;
  detail: string;
  /** The texts as catalogue messages, when the console wrote them (migration 0200): shown in the reader's language. */
  titleMsg?: Message | null;
  detailMsg?: Message | null;
  suppressed: boolean;
  downtimeEventId?: number | null;
  externalId?: string | null;
}

export interface AlertServiceDeps {
  db: WritableDb;
  clock: Clock;
  /** Trustworthy elapsed time for shelve expiry (performance.now in the product). */
  monotonic: () => number;
  logger: Logger;
  publish?: (msg: { at: number; alerts: AlertView[]; summary: AlertsSummary }) => void;
  /** Coalescing period of the alerts.changed stream. */
  publishMs?: number;
  /** Called after a raise with the new or revived alert (cases link repeated stops here). */
  onRaised?: (alert: repo.AlertRecord, revived: boolean) => void;
  badActorCount?: number;
  /** How often the remaining shelve time is written while it counts down (15 s; tests may shorten it). */
  shelvePersistMs?: number;
}

/** A refusal: the English text as it always read, and its catalogue message for the reader's language. */
export type CommandFailure = { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string; msg?: Message };
export type CommandResult<T> = { ok: true; value: T } | CommandFailure;

const SYSTEM = 'console';

/** The open alert is active and shows the condition as it is (priority, texts): asserting it changes nothing. */
export function alreadyShows(open: repo.AlertRecord, c: Condition): boolean {
  return open.active && c.priority >= open.priority && !differs(c, open);
}

/** The condition's texts, suppression or downtime event are not what its open alert shows. */
function differs(c: Condition, open: repo.AlertRecord): boolean {
  return c.title !== open.title || c.detail !== open.detail || c.suppressed !== open.suppressed || (c.downtimeEventId ?? open.downtimeEventId) !== open.downtimeEventId;
}

/**
 * The alert list's single writer: sources hand it conditions, people hand it commands; it keeps the
 * ISA-18.2 states in SQLite, counts timed shelves down on trustworthy time, tracks flood state, and
 * publishes what changed (coalesced) on alerts.changed.
 */
export class AlertService {
  private readonly d: AlertServiceDeps;
  private readonly flood = new FloodDetector();
  private floodState: FloodState = { flooding: false, inWindow: 0, since: null };
  private readonly dirty = new Set<number>();
  /** Alarms a person's acknowledgement is on its way to the controller for, by alert id (expectControllerAck). */
  private readonly forwardedAcks = new Map<number, Actor>();
  private publishTimer: Disposable | null = null;
  private shelveTimer: Disposable | null = null;
  private lastMono: number;
  /** Monotonic time counted but not yet written to the shelved rows. */
  private pendingMs = 0;

  constructor(deps: AlertServiceDeps) {
    this.d = deps;
    this.lastMono = deps.monotonic();
    // The flood window survives a restart: it is rebuilt from the raise events of the last 10 minutes.
    const now = deps.clock.now();
    for (const r of repo.raisesSince(deps.db, now - FLOOD_WINDOW_MS)) if (r.suppressed === 0) this.flood.raise(r.at);
    this.floodState = this.flood.at(now);
  }

  start(): void {
    this.resumeShelvesAfterRestart();
    this.shelveTimer = this.d.clock.setInterval(1000, () => this.tickShelves());
  }

  dispose(): void {
    this.shelveTimer?.dispose();
    this.publishTimer?.dispose();
    this.shelveTimer = null;
    this.publishTimer = null;
  }

  /** What the service keeps in memory, as entry counts (alerts themselves live in SQLite). */
  retained(): { dirty: number; forwardedAcks: number; floodInWindow: number } {
    return { dirty: this.dirty.size, forwardedAcks: this.forwardedAcks.size, floodInWindow: this.floodState.inWindow };
  }

  // ---- sources ------------------------------------------------------------------------------------

  /** The condition is present now. Returns the alert id. Escalation (a higher priority) is recorded. */
  assert(c: Condition): number {
    const { db } = this.d;
    // The evaluator asserts every present condition once a second. One that its open alert already shows
    // (active, same or higher priority, same texts) changes nothing: no savepoint, no write, and nothing
    // to send. It used to mark the alert for publishing anyway, so every screen was sent every active
    // alert again each second (100 lines with a reject alert: 100 alerts re-read and re-sent a second).
    const seen = repo.openAlertByKey(db, c.key);
    if (seen && alreadyShows(seen, c)) return seen.id;
    const at = this.d.clock.now();
    let id = 0;
    let raisedNow = false;
    let revived = false;
    db.transaction(() => {
      const open = repo.openAlertByKey(db, c.key);
      if (!open) {
        id = repo.insertAlert(db, { ...c, downtimeEventId: c.downtimeEventId ?? null, externalId: c.externalId ?? null, at });
        repo.addAlertEvent(db, id, at, 'raised', null, `P${c.priority}${c.suppressed ? ' (suppressed by design)' : ''}: ${c.detail}`);
        raisedNow = true;
        return;
      }
      id = open.id;
      let next: repo.AlertRecord = { ...open };
      let changed = false;
      if (!open.active) {
        next = { ...raised(next), lastRaisedAt: at, clearedAt: null, raiseCount: open.raiseCount + 1, ackedBy: null };
        repo.addAlertEvent(db, id, at, 'raised', null, `again (${next.raiseCount}×): ${c.detail}`);
        raisedNow = true;
        revived = true;
        changed = true;
      }
      if (c.priority < open.priority) {
        repo.addAlertEvent(db, id, at, 'escalated', null, `P${open.priority} → P${c.priority}: ${c.detail}`);
        next = { ...next, priority: c.priority };
        changed = true;
      }
      if (differs(c, open)) {
        next = { ...next, title: c.title, detail: c.detail, ...(c.titleMsg ? { titleMsg: c.titleMsg } : {}), ...(c.detailMsg ? { detailMsg: c.detailMsg } : {}), suppressed: c.suppressed, downtimeEventId: c.downtimeEventId ?? open.downtimeEventId };
        changed = true;
      }
      if (changed) repo.saveAlert(db, next, at);
    })();
    if (raisedNow) {
      const rec = repo.getAlert(db, id);
      if (rec && !rec.suppressed) this.floodState = this.flood.raise(at);
      if (rec) this.d.onRaised?.(rec, revived);
    }
    this.markDirty(id);
    return id;
  }

  /** The condition is gone: return to normal (the alert stays in the list until acknowledged). */
  clear(key: string, note = ''): void {
    const { db } = this.d;
    const at = this.d.clock.now();
    const open = repo.openAlertByKey(db, key);
    if (!open || !open.active) return;
    db.transaction(() => {
      const next = { ...cleared(open), clearedAt: at };
      repo.saveAlert(db, next, at);
      repo.addAlertEvent(db, open.id, at, 'cleared', null, note);
      if (open.shelving?.kind === 'oneShot') repo.addAlertEvent(db, open.id, at, 'unshelved', null, 'one-shot shelve ended with the return to normal');
    })();
    this.markDirty(open.id);
  }

  /**
   * A condition whose state another system owns (OPC UA Alarms & Conditions): the console's row is made
   * to show exactly what the server says, active/cleared and acknowledged or not, never more. An
   * acknowledgement the server does not have is taken back ("no phantom acknowledgement").
   * Returns the alert id, or null when there is nothing to show (cleared and acknowledged, never seen).
   */
  syncExternal(c: Condition, s: { active: boolean; acked: boolean }, note: string): number | null {
    const { db } = this.d;
    let id: number;
    if (s.active) id = this.assert(c);
    else {
      const open = repo.openAlertByKey(db, c.key);
      if (!open && s.acked) return null;
      id = open ? open.id : this.assert(c);
      this.clear(c.key, note);
    }
    const rec = repo.getAlert(db, id);
    if (!rec || rec.dismissed || rec.acked === s.acked) return id;
    const at = this.d.clock.now();
    // The controller's "acknowledged" can overtake the answer to the acknowledgement a person sent it:
    // it is that person's, not one made at the controller.
    const by = s.acked ? this.forwardedAcks.get(id) : undefined;
    db.transaction(() => {
      if (s.acked && by) {
        repo.saveAlert(db, { ...acknowledged(rec), ackedBy: by.displayName }, at);
        repo.addAlertEvent(db, id, at, 'acknowledged', by.userId);
      } else if (s.acked) {
        repo.saveAlert(db, { ...acknowledged(rec), ackedBy: rec.ackedBy ?? 'at the controller' }, at);
        repo.addAlertEvent(db, id, at, 'acknowledged', null, `acknowledged at the controller${note ? ` (${note})` : ''}`);
      } else {
        repo.saveAlert(db, { ...rec, acked: false, ackedBy: null }, at);
        repo.addAlertEvent(db, id, at, 'unacknowledged', null, `the controller shows it unacknowledged${note ? ` (${note})` : ''}`);
      }
    })();
    this.markDirty(id);
    return id;
  }

  /**
   * After a full refresh from an external source: open alerts under `keyPrefix` that the source no longer
   * retains are over there (cleared and acknowledged, or gone), so they are closed here too.
   */
  reconcileExternal(keyPrefix: string, retainedKeys: ReadonlySet<string>, note: string): number[] {
    const { db } = this.d;
    const stale = repo.openAlertsByKeyPrefix(db, keyPrefix).filter((a) => !retainedKeys.has(a.key));
    const at = this.d.clock.now();
    for (const a of stale) {
      this.clear(a.key, note);
      const rec = repo.getAlert(db, a.id);
      if (rec && !rec.acked) {
        db.transaction(() => {
          repo.saveAlert(db, { ...acknowledged(rec), ackedBy: 'at the controller' }, at);
          repo.addAlertEvent(db, a.id, at, 'acknowledged', null, `no longer retained by the controller (${note})`);
        })();
        this.markDirty(a.id);
      }
    }
    return stale.map((a) => a.id);
  }

  // ---- people -------------------------------------------------------------------------------------

  /**
   * A person's acknowledgement is on its way to the controller that owns these alarms: until the returned
   * undo, the controller's own "acknowledged" for them is recorded as this person's.
   */
  expectControllerAck(ids: readonly number[], actor: Actor): () => void {
    for (const id of ids) this.forwardedAcks.set(id, actor);
    return () => {
      for (const id of ids) if (this.forwardedAcks.get(id) === actor) this.forwardedAcks.delete(id);
    };
  }

  acknowledge(ids: readonly number[], actor: Actor): { acknowledged: number[]; already: number[] } {
    const { db } = this.d;
    const at = this.d.clock.now();
    const done: number[] = [];
    const already: number[] = [];
    db.transaction(() => {
      for (const a of repo.alertsByIds(db, ids)) {
        // Acknowledged already by this person's own forwarded acknowledgement (the controller answered first).
        if (a.acked && this.forwardedAcks.get(a.id) === actor) {
          done.push(a.id);
          continue;
        }
        if (a.acked || a.dismissed) {
          already.push(a.id);
          continue;
        }
        repo.saveAlert(db, { ...acknowledged(a), ackedBy: actor.displayName }, at);
        repo.addAlertEvent(db, a.id, at, 'acknowledged', actor.userId);
        done.push(a.id);
      }
      recordAudit(db, { at, actor, action: 'alerts.acknowledge', target: done.join(',').slice(0, 400) || null, details: { acknowledged: done.length, already: already.length }, outcome: 'ok' });
    })();
    for (const id of done) this.markDirty(id);
    return { acknowledged: done, already };
  }

  shelve(id: number, req: { kind: 'timed'; minutes: number; reason: string } | { kind: 'oneShot'; reason: string }, actor: Actor): CommandResult<AlertView> {
    const r: ShelveRequest = req.kind === 'timed' ? { kind: 'timed', durationMs: req.minutes * 60_000, reason: req.reason, by: actor.displayName, at: this.d.clock.now() } : { kind: 'oneShot', reason: req.reason, by: actor.displayName, at: this.d.clock.now() };
    return this.change(id, actor, 'alerts.shelve', (a) => {
      if (a.dismissed) return msg('alerts.dismissedNoShelve');
      if (req.kind === 'oneShot' && !a.active) return msg('alerts.oneShotCleared');
      return { next: { ...shelved(a, r), shelveCheckedAt: r.at }, kind: 'shelved', note: `${req.kind === 'timed' ? `${req.minutes} min` : 'until it clears'}: ${req.reason}` };
    });
  }

  unshelve(id: number, actor: Actor): CommandResult<AlertView> {
    return this.change(id, actor, 'alerts.unshelve', (a) => (a.shelving ? { next: unshelved(a), kind: 'unshelved', note: 'by hand' } : msg('alerts.notShelved')));
  }

  assign(id: number, assignee: string, actor: Actor): CommandResult<AlertView> {
    return this.change(id, actor, 'alerts.assign', (a) => (a.dismissed ? msg('alerts.dismissedNoAssign') : { next: { ...a, assignedTo: assignee }, kind: 'assigned', note: assignee }));
  }

  dismiss(id: number, reason: string, actor: Actor): CommandResult<AlertView> {
    return this.change(id, actor, 'alerts.dismiss', (a) => (a.dismissed ? msg('alerts.alreadyDismissed') : { next: { ...a, dismissed: true, dismissReason: reason, shelving: null }, kind: 'dismissed', note: reason }));
  }

  /** Links an alert to a case (called inside the case's transaction). */
  linkCase(id: number, caseId: string, at: number, by: string): void {
    const a = repo.getAlert(this.d.db, id);
    if (!a) return;
    repo.saveAlert(this.d.db, { ...a, caseId }, at);
    repo.addAlertEvent(this.d.db, id, at, 'case', by, caseId);
    this.markDirty(id);
  }

  /** Something else (a case's status) changed what these alerts show. */
  touch(ids: readonly number[]): void {
    for (const id of ids) this.markDirty(id);
  }

  private change(
    id: number,
    actor: Actor,
    action: string,
    f: (a: repo.AlertRecord) => Message | { next: repo.AlertRecord; kind: string; note: string },
  ): CommandResult<AlertView> {
    const { db } = this.d;
    const at = this.d.clock.now();
    const out = db.transaction((): CommandResult<AlertView> => {
      const a = repo.getAlert(db, id);
      if (!a) return { ok: false, code: 'NOT_FOUND', message: `No alert ${id}`, msg: msg('alerts.noAlert', { id }) };
      const r = f(a);
      if (!('next' in r)) return { ok: false, code: 'CONFLICT', message: englishOf(r), msg: r };
      repo.saveAlert(db, r.next, at);
      repo.addAlertEvent(db, id, at, r.kind, actor.userId, r.note);
      recordAudit(db, { at, actor, action, target: `alert:${id}`, details: { key: a.key, note: r.note }, outcome: 'ok' });
      return { ok: true, value: repo.toView(repo.getAlert(db, id)!) };
    })();
    if (out.ok) this.markDirty(id);
    return out;
  }

  // ---- time ---------------------------------------------------------------------------------------

  /**
   * Counts timed shelves down by the monotonic time since the last tick. The wall clock only stamps
   * events: a jump of the wall clock (NTP step, a person) changes neither when a shelve ends nor how long it lasts.
   */
  tickShelves(): void {
    const mono = this.d.monotonic();
    const elapsed = mono - this.lastMono;
    this.lastMono = mono;
    // Backwards or absurd steps count as nothing (see tickShelve); the rest is pending until written.
    if (Number.isFinite(elapsed) && elapsed > 0) this.pendingMs += elapsed;
    const { db } = this.d;
    const rows = repo.timedShelves(db);
    if (rows.length === 0) {
      this.pendingMs = 0;
      return;
    }
    const at = this.d.clock.now();
    const ended: number[] = [];
    // Remaining time is written every 15 s (and at expiry), not every second: one fsync'd commit a second would wear the disk.
    const persist = this.pendingMs >= (this.d.shelvePersistMs ?? 15_000);
    // performance.now() is fractional; the column holds whole milliseconds (STRICT INTEGER). Count whole
    // milliseconds only and carry the fraction to the next tick, so nothing is lost and nothing fractional is stored.
    const step = Math.floor(this.pendingMs);
    const due = rows.filter((a) => persist || (a.shelving?.remainingMs ?? 0) <= step);
    if (due.length === 0) return;
    db.transaction(() => {
      for (const a of due) {
        const next = tickShelve(a, step, at);
        if (!next.shelving) {
          repo.saveAlert(db, next, at);
          repo.addAlertEvent(db, a.id, at, 'unshelved', null, 'shelve time is up');
          ended.push(a.id);
        } else if (persist) {
          db.prepare('UPDATE alert SET shelve_remaining_ms = ?, shelve_checked_at = ? WHERE id = ?').run(next.shelving.remainingMs, at, a.id);
        }
      }
    })();
    if (persist) this.pendingMs -= step;
    for (const id of ended) this.markDirty(id);
  }

  /**
   * After a restart there is no monotonic reading to continue from: the time the console was off is
   * taken from the wall clock, but only forwards and at most the shelve's own remaining time, so a
   * clock that was set back cannot stretch a shelve.
   */
  private resumeShelvesAfterRestart(): void {
    const at = this.d.clock.now();
    for (const a of repo.timedShelves(this.d.db)) {
      const offFor = at - (a.shelveCheckedAt ?? at);
      if (offFor > 0) {
        const next = tickShelve(a, offFor, at);
        try {
          this.d.db.transaction(() => {
            repo.saveAlert(this.d.db, { ...next, shelveCheckedAt: at }, at);
            if (!next.shelving) repo.addAlertEvent(this.d.db, a.id, at, 'unshelved', null, 'shelve time ran out while the console was off');
          })();
        } catch (e) {
          // Say which record: a start that fails on it names it (module health, start attempts).
          throw Object.assign(new Error(`resuming the shelve of the alert "${a.title}": ${(e as Error).message}`, { cause: e }), { record: `alert ${a.id} ("${a.title}")` });
        }
        this.markDirty(a.id);
      }
    }
  }

  // ---- reading and publishing ---------------------------------------------------------------------

  summary(): AlertsSummary {
    const now = this.d.clock.now();
    this.floodState = this.flood.at(now);
    const raises = repo.raisesSince(this.d.db, now - 24 * 3_600_000);
    const counts = repo.countOpen(this.d.db);
    return { flood: this.floodState, badActors: rankBadActors(raises, this.d.badActorCount ?? 5), openCount: counts.open, unackedCount: counts.unacked };
  }

  list(includeClosed: boolean, limit: number): AlertView[] {
    return repo.listAlerts(this.d.db, { includeClosed, limit }).map(repo.toView);
  }

  private markDirty(id: number): void {
    this.dirty.add(id);
    if (!this.d.publish || this.publishTimer) return;
    this.publishTimer = this.d.clock.setTimer(this.d.publishMs ?? 250, () => {
      this.publishTimer = null;
      this.flush();
    });
  }

  /** Sends what changed now (tests call it; the timer calls it otherwise). */
  flush(): void {
    if (!this.d.publish || this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      this.d.publish({ at: this.d.clock.now(), alerts: repo.alertsByIds(this.d.db, ids).map(repo.toView), summary: this.summary() });
    } catch (e) {
      this.d.logger.error('Publishing alerts failed', { error: e as Error });
    }
  }
}

export { SYSTEM as SYSTEM_ACTOR_NAME };
