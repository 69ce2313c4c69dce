import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../../../shared/contract/envelope.ts';
import type { OutboxItemView } from '../../../../shared/contract/domains/outbox.ts';
import type { Actor, Role } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { describeConfirmation } from '../../platform/erp/erpPayloads.ts';
import type { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import { enqueueOutbox, eventsOf, getItem, listItems, setResolution } from '../../platform/outbox/outboxRepo.ts';
import type { OutboxItem, OutboxKind } from '../../platform/outbox/outboxTypes.ts';
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

export function viewOf(it: OutboxItem, describe: (kind: OutboxKind, payload: unknown) => string): OutboxItemView {
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
    lastError: it.lastError,
    remoteKeys: it.remoteKeys ? { ...it.remoteKeys } : null,
    resolvedBy: it.resolvedBy,
    supersedes: it.supersedes,
    resolution: it.resolution,
    createdAt: it.createdAt,
    updatedAt: it.updatedAt,
  };
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
    'outbox.list': (req) => ok(listItems(db, { target: req.target, states: req.states, includeResolved: req.includeResolved, limit: req.limit, beforeSeq: req.beforeSeq }).map((it) => viewOf(it, describe))),
    'outbox.get': (req) => {
      const it = getItem(db, req.id);
      if (!it) return fail('NOT_FOUND', `No outbox item ${req.id}`);
      const next = db.prepare('SELECT id FROM outbox WHERE supersedes = ? ORDER BY seq DESC LIMIT 1').get(req.id) as { id: string } | undefined;
      return ok({ item: viewOf(it, describe), history: eventsOf(db, req.id), supersededBy: next?.id ?? null });
    },
    'outbox.resend': (req, ctx) => {
      const it = getItem(db, req.id);
      if (!it) return fail('NOT_FOUND', `No outbox item ${req.id}`);
      if (!mayTriage(it.kind, ctx.actor)) return fail('FORBIDDEN', `${ctx.actor.displayName} may not resend ${it.kind} items`);
      if (it.state !== 'rejected' && it.state !== 'parked') return fail('CONFLICT', `Only rejected or parked items can be resent; this one is ${it.state}`);
      if (it.resolution) return fail('CONFLICT', `This item was already ${it.resolution}`);
      // A corrected resend is a new item: new reference, `supersedes` the old one (contracts §1.1).
      const newId = randomUUID();
      let base = JSON.parse(it.payload) as Record<string, unknown>;
      let orderingKey = it.orderingKey;
      let changes: Record<string, [string, string]> = {};
      if (req.correction) {
        if (req.correction.kind !== it.kind) return fail('BAD_REQUEST', `This item is a ${it.kind}; it cannot be corrected as a ${req.correction.kind}`);
        const correct = deps.correctors?.get(it.kind);
        if (!correct) return fail('BAD_REQUEST', `A ${it.kind} item can only be resent as it is`);
        const c = correct(base, req.correction.fields);
        if (!c.ok) return fail('BAD_REQUEST', c.message);
        if (Object.keys(c.value.changes).length === 0) return fail('BAD_REQUEST', 'The correction changes nothing; resend without a correction to send the same content again');
        base = c.value.payload;
        orderingKey = c.value.orderingKey;
        changes = c.value.changes;
      }
      const payload: Record<string, unknown> = { ...base, ...('id' in base ? { id: newId } : {}), supersedes: it.id };
      const out = db.transaction(() => {
        enqueueOutbox(db, { id: newId, target: it.target, kind: it.kind, orderingKey, payload, supersedes: it.id, at: ctx.now });
        setResolution(db, it, 'superseded', ctx.now, `resent as ${newId}: ${req.reason}`, ctx.actor.userId);
        deps.supersedeHooks.get(it.kind)?.(db, it, newId, payload, ctx.now, ctx.actor);
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'outbox.resend', target: it.id, details: { newId, kind: it.kind, reason: req.reason, edited: req.correction !== undefined, changes, lastError: it.lastError?.message }, outcome: 'ok' });
        return { id: newId, supersedes: it.id };
      })();
      hub.kick(it.target);
      return ok(out);
    },
    'outbox.discard': (req, ctx) => {
      const it = getItem(db, req.id);
      if (!it) return fail('NOT_FOUND', `No outbox item ${req.id}`);
      if (!mayTriage(it.kind, ctx.actor)) return fail('FORBIDDEN', `${ctx.actor.displayName} may not discard ${it.kind} items`);
      if (it.state !== 'rejected' && it.state !== 'parked') return fail('CONFLICT', `Only rejected or parked items can be discarded; this one is ${it.state}`);
      if (it.resolution) return fail('CONFLICT', `This item was already ${it.resolution}`);
      db.transaction(() => {
        setResolution(db, it, 'discarded', ctx.now, `discarded: ${req.reason}`, ctx.actor.userId);
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'outbox.discard', target: it.id, details: { kind: it.kind, reason: req.reason, lastError: it.lastError?.message }, outcome: 'ok' });
      })();
      hub.kick(it.target);
      return ok({ id: it.id });
    },
  };
}
