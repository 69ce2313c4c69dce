import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import { msg } from '../../../../shared/i18n/index.ts';
import { explainOutboxError } from '../../platform/outbox/outboxErrorText.ts';
import type { OutboxItemView } from '../../../../shared/contract/domains/outbox.ts';
import type { Actor, Role } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { describeConfirmation } from '../../platform/erp/erpPayloads.ts';
import type { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import { enqueueOutbox, eventsOf, getItem, listItems, setResolution } from '../../platform/outbox/outboxRepo.ts';
import type { OutboxError, OutboxItem, OutboxKind } from '../../platform/outbox/outboxTypes.ts';
import type { WritableDb } from '../../platform/storage/db.ts';

/** Who may triage which kind: the people who own the business object behind it. */
const OWNERS: Readonly<Record<string, readonly Role[]>> = {
  confirmation: ['supervisor', 'admin'],
  hold: ['quality', 'admin'],
  case: ['planner', 'admin'],
};
const mayTriage = (kind: OutboxKind, actor: Actor) => (OWNERS[kind.split('.')[0]!] ?? ['admin']).some((r) => actor.roles.includes(r));

/** Features describe their payloads for the screen; unknown kinds show their kind. */
export type Describer = (kind: OutboxKind, payload: unknown) => string | null;

/** A kind's correction: named fields applied to the frozen payload and checked by the kind's schema. */
export type Corrector = (frozen: unknown, fields: Record<string, unknown>) => { ok: true; value: { payload: Record<string, unknown>; orderingKey: string; changes: Record<string, [string, string]> } } | { ok: false; message: string };

/** Called in the resend transaction, so a feature can point its own rows at the new reference. */
export type SupersedeHook = (db: WritableDb, old: OutboxItem, newId: string, newPayload: Record<string, unknown>, at: number, actor: Actor) => void;

export interface OutboxHandlerDeps {
  db: WritableDb;
  hub: OutboxHub;
  describers: Describer[];
  supersedeHooks: Map<OutboxKind, SupersedeHook>;
  /** Kinds whose items a person may correct before resending (others are resent as they are). */
  correctors?: Map<OutboxKind, Corrector>;
}

/** The item as a screen shows it; `technical` (the remote system's own words and codes) only for an administrator. */
export function viewOf(it: OutboxItem, describe: (kind: OutboxKind, payload: unknown) => string, admin = false): OutboxItemView {
  const payload = JSON.parse(it.payload) as unknown;
  return {
    id: it.id,
    target: it.target,
    kind: it.kind,
    orderingKey: it.orderingKey,
    summary: describe(it.kind, payload),
    payload,
    state: it.state,
    attempts: it.attempts,
    nextAttemptAt: it.nextAttemptAt,
    firstSentAt: it.firstSentAt,
    checkAfter: it.checkAfter,
    lastError: it.lastError ? errorView(it.lastError, it.target, admin) : null,
    remoteKeys: it.remoteKeys ? { ...it.remoteKeys } : null,
    resolvedBy: it.resolvedBy,
    supersedes: it.supersedes,
    resolution: it.resolution,
    createdAt: it.createdAt,
    updatedAt: it.updatedAt,
  };
}

const isAdmin = (actor: Actor) => actor.roles.includes('admin');

/** The last error with what a person reads (in their language) and, for an administrator, the technical detail. */
function errorView(e: OutboxError, target: string, admin: boolean): NonNullable<OutboxItemView['lastError']> {
  const x = explainOutboxError(e, target);
  return { class: e.class, message: e.message, ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}), ...(e.code !== undefined ? { code: e.code } : {}), msg: x.msg, ...(admin ? { technical: x.technical } : {}) };
}

export function outboxHandlers(deps: OutboxHandlerDeps): HandlerGroup<'outbox.stats' | 'outbox.list' | 'outbox.get' | 'outbox.resend' | 'outbox.discard'> {
  const { db, hub } = deps;
  const describe = (kind: OutboxKind, payload: unknown): string => {
    for (const d of deps.describers) {
      const s = d(kind, payload);
      if (s) return s;
    }
    return kind.startsWith('confirmation.') ? describeConfirmation(payload) : kind;
  };
  return {
    'outbox.stats': () => ok(hub.stats()),
    'outbox.list': (req, ctx) => ok(listItems(db, { target: req.target, states: req.states, includeResolved: req.includeResolved, limit: req.limit, beforeSeq: req.beforeSeq }).map((it) => viewOf(it, describe, isAdmin(ctx.actor)))),
    'outbox.get': (req, ctx) => {
      const it = getItem(db, req.id);
      if (!it) return refuseKey('NOT_FOUND', 'outbox.noItem', { id: req.id });
      const next = db.prepare('SELECT id FROM outbox WHERE supersedes = ? ORDER BY seq DESC LIMIT 1').get(req.id) as { id: string } | undefined;
      // People by name, never their internal user id (issue 18 item 3); an id nobody has any more stays as it is.
      const nameOf = db.prepare('SELECT display_name AS name FROM user_account WHERE user_id = ?');
      const history = eventsOf(db, req.id).map((e) => (e.actor ? { ...e, actor: (nameOf.get(e.actor) as { name: string } | undefined)?.name ?? e.actor } : e));
      return ok({ item: viewOf(it, describe, isAdmin(ctx.actor)), history, supersededBy: next?.id ?? null });
    },
    'outbox.resend': (req, ctx) => {
      const it = getItem(db, req.id);
      if (!it) return refuseKey('NOT_FOUND', 'outbox.noItem', { id: req.id });
      if (!mayTriage(it.kind, ctx.actor)) return refuseKey('FORBIDDEN', 'outbox.mayNotResend', { person: ctx.actor.displayName, kind: it.kind });
      if (it.state !== 'rejected' && it.state !== 'parked') return refuseKey('CONFLICT', 'outbox.notResendable', { state: it.state });
      if (it.resolution) return refuseKey('CONFLICT', 'outbox.alreadyResolved', { resolution: it.resolution });
      // A corrected resend is a new item: new reference, `supersedes` the old one (contracts §1.1).
      const newId = randomUUID();
      let base = JSON.parse(it.payload) as Record<string, unknown>;
      let orderingKey = it.orderingKey;
      let changes: Record<string, [string, string]> = {};
      if (req.correction) {
        if (req.correction.kind !== it.kind) return refuseKey('BAD_REQUEST', 'outbox.wrongCorrection', { kind: it.kind, correction: req.correction.kind });
        const correct = deps.correctors?.get(it.kind);
        if (!correct) return refuseKey('BAD_REQUEST', 'outbox.notCorrectable', { kind: it.kind });
        const c = correct(base, req.correction.fields);
        if (!c.ok) return fail('BAD_REQUEST', c.message);
        if (Object.keys(c.value.changes).length === 0) return refuseKey('BAD_REQUEST', 'outbox.correctionChangesNothing');
        base = c.value.payload;
        orderingKey = c.value.orderingKey;
        changes = c.value.changes;
      }
      const payload: Record<string, unknown> = { ...base, ...('id' in base ? { id: newId } : {}), supersedes: it.id };
      const out = db.transaction(() => {
        enqueueOutbox(db, { id: newId, target: it.target, kind: it.kind, orderingKey, payload, supersedes: it.id, at: ctx.now });
        setResolution(db, it, 'superseded', ctx.now, `resent as ${newId}: ${req.reason}`, ctx.actor.userId, msg('outboxHistory.resent', { reason: req.reason }));
        deps.supersedeHooks.get(it.kind)?.(db, it, newId, payload, ctx.now, ctx.actor);
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'outbox.resend', target: it.id, details: { newId, kind: it.kind, reason: req.reason, edited: req.correction !== undefined, changes, lastError: it.lastError?.message }, outcome: 'ok' });
        return { id: newId, supersedes: it.id };
      })();
      hub.kick(it.target);
      return ok(out);
    },
    'outbox.discard': (req, ctx) => {
      const it = getItem(db, req.id);
      if (!it) return refuseKey('NOT_FOUND', 'outbox.noItem', { id: req.id });
      if (!mayTriage(it.kind, ctx.actor)) return refuseKey('FORBIDDEN', 'outbox.mayNotDiscard', { person: ctx.actor.displayName, kind: it.kind });
      if (it.state !== 'rejected' && it.state !== 'parked') return refuseKey('CONFLICT', 'outbox.notDiscardable', { state: it.state });
      if (it.resolution) return refuseKey('CONFLICT', 'outbox.alreadyResolved', { resolution: it.resolution });
      db.transaction(() => {
        setResolution(db, it, 'discarded', ctx.now, `discarded: ${req.reason}`, ctx.actor.userId, msg('outboxHistory.discarded', { reason: req.reason }));
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'outbox.discard', target: it.id, details: { kind: it.kind, reason: req.reason, lastError: it.lastError?.message }, outcome: 'ok' });
      })();
      hub.kick(it.target);
      return ok({ id: it.id });
    },
  };
}
