import { commands } from '../../../../shared/contract/commands.ts';
import { type Envelope, type Fail } from '../../../../shared/contract/envelope.ts';
import { failWith, refuse, refuseKey } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { explainPayload, explainSqlite, problemMessage } from '../net/explainFailure.ts';
import { describePayloadIssue, type PayloadProblem, payloadProblemsMessage, unsafeTextProblems } from '../../../../shared/contract/problems.ts';
import type { Access, CommandSpec } from '../../../../shared/contract/spec.ts';
import { ANONYMOUS_VIEWER, type Actor } from '../../../../shared/domain/actor.ts';
import type { Clock, Logger } from '../ports/ports.ts';
import type { Handlers } from './handlers.ts';
import type { SessionTable } from './sessions.ts';

export interface DispatcherDeps {
  handlers: Handlers;
  /** The contract's table; tests may pass their own. */
  table?: Readonly<Record<string, CommandSpec>>;
  sessions: SessionTable;
  clock: Clock;
  logger: Logger;
  /** Called for every refusal on role grounds, so the audit trail can record it. */
  onDenied?: (key: string, actor: Actor) => void;
  /** Check responses against the contract (tests and development); a mismatch is a bug in the core. */
  checkResponses?: boolean;
  /**
   * A handler's error that is a storage fault (SQLITE_FULL/ENOSPC, SQLITE_READONLY/EROFS, SQLITE_CORRUPT):
   * the plain message every screen shows ("The disk is full at …: N MB needed"); null for any other error.
   */
  storageFailure?: (e: unknown) => { code: 'UNAVAILABLE'; message: string; msg?: Message } | null;
}

export function mayRun(access: Access, actor: Actor): boolean {
  if (access === 'anyone') return true;
  return access.some((role) => actor.roles.includes(role));
}

/**
 * The one door into the core: unknown command → BAD_REQUEST, unknown session → UNAUTHENTICATED,
 * role checked → FORBIDDEN (and audited through onDenied), payload checked against the contract →
 * BAD_REQUEST with the path of each problem; only then does a handler run. A handler that throws is a bug: INTERNAL, logged, and no
 * stack crosses the wire.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const table: Readonly<Record<string, CommandSpec>> = deps.table ?? commands;
  const handlers = deps.handlers as unknown as Readonly<Record<string, (req: unknown, ctx: { actor: Actor; sessionId: string; now: number }) => Envelope<unknown> | Promise<Envelope<unknown>>>>;
  return async function dispatch(key: string, payload: unknown, sessionId: string): Promise<Envelope<unknown>> {
    if (typeof key !== 'string' || !Object.hasOwn(table, key) || !Object.hasOwn(handlers, key)) {
      return refuseKey('BAD_REQUEST', 'dispatch.unknownCommand', { command: String(key).slice(0, 100) });
    }
    const actor = deps.sessions.actorOf(sessionId);
    if (!actor) return refuseKey('UNAUTHENTICATED', 'session.none');
    const spec = table[key]!;
    // The role is checked before the payload: whatever a refused actor sends (forged actor fields
    // included) is refused and audited the same way, and teaches them nothing about the schema.
    if (!mayRun(spec.access, actor)) {
      deps.onDenied?.(key, actor);
      deps.logger.warn('Command denied', { key, userId: actor.userId, roles: actor.roles });
      const needed = spec.access === 'anyone' ? [] : spec.access;
      // The English text as it always read; the message names the command and the roles by their
      // catalogue names, so a German reader sees neither the English summary nor role ids.
      return failWith('FORBIDDEN', `${actor.displayName} may not ${spec.summary.toLowerCase()}; needs role ${needed.join(' or ')}`, forbiddenMessage(key, actor.displayName, needed, actor.userId === ANONYMOUS_VIEWER.userId), { details: { needed } });
    }
    const unsafe = unsafeTextProblems(payload);
    if (unsafe.length) return payloadRefusal(unsafe);
    const parsed = spec.req.safeParse(payload);
    if (!parsed.success) {
      // Each problem names its field in plain words (the forms show it next to the field by `path`).
      const problems = parsed.error.issues.map(describePayloadIssue);
      return payloadRefusal(problems);
    }
    // Only actions count as activity for the idle lock: reads a screen makes by itself (live views,
    // polling its session state) must not keep a walked-away session signed in.
    if (spec.access !== 'anyone') deps.sessions.touch(sessionId);
    // What a library or remote system said is for the administrator's "Details" only.
    const forActor = (r: Envelope<unknown>): Envelope<unknown> => {
      if (r.ok || r.error.technical === undefined || actor.roles.includes('admin')) return r;
      const { technical: _dropped, ...error } = r.error;
      return { ok: false, error };
    };
    try {
      const result = forActor(await handlers[key]!(parsed.data, { actor, sessionId, now: deps.clock.now() }));
      if (deps.checkResponses && result.ok) {
        const check = spec.res.safeParse(result.value);
        if (!check.success) {
          deps.logger.error('Handler response breaks the contract', { key, issues: JSON.stringify(check.error.issues).slice(0, 2000) });
          return forActor(refuseKey('INTERNAL', 'dispatch.brokenAnswer', { command: key }, { technical: JSON.stringify(check.error.issues).slice(0, 2000) }));
        }
      }
      return result;
    } catch (e) {
      const storage = deps.storageFailure?.(e);
      if (storage) {
        deps.logger.warn('Command refused: storage', { key, reason: storage.message });
        // The storage banner's own English text, and its message for the reader's language.
        return storage.msg ? forActor(failWith(storage.code, storage.message, storage.msg, { technical: techOf(e) })) : { ok: false, error: { code: storage.code, message: storage.message } };
      }
      const busy = explainSqlite(e);
      if (busy) {
        deps.logger.warn('Command refused: database busy', { key, error: e as Error });
        return forActor(refuse('UNAVAILABLE', busy.msg, { technical: busy.technical }));
      }
      deps.logger.error('Command failed', { key, error: e as Error });
      return forActor(refuseKey('INTERNAL', 'dispatch.failed', { command: key }, { technical: techOf(e) }));
    }
  };
}

/** The role refusal's message: the command's catalogue name (core `commands.<domain>.<verb>`) and the roles' (common `roles.<role>`). */
export function forbiddenMessage(key: string, person: string, needed: readonly string[], anonymous = false): Message {
  // Nobody signed in (a wall board): the person is the viewer role, in the reader's words too.
  const terms: Record<string, string | string[]> = { command: `core:commands.${key}`, roles: needed.map((r) => `common:roles.${r}`), ...(anonymous ? { person: 'common:roles.viewer' } : {}) };
  return { ...msg('dispatch.forbidden', { person }), terms };
}

/** A refused payload: the English problems as before (forms put each beside its field by `path`), and a catalogue message. */
function payloadRefusal(problems: readonly PayloadProblem[]): Fail {
  const english = payloadProblemsMessage(problems);
  const e = explainPayload(problems, english);
  // Each problem also carries its message, so a form can show it beside its field in the reader's language.
  const details = problems.map((p) => {
    const m = problemMessage(p.message);
    return m ? { ...p, msg: m } : p;
  });
  return { ok: false, error: { code: 'BAD_REQUEST', message: english, details, msg: e.msg } };
}

/** An error's name and message, first stack line, for the administrator (secrets are not in error messages the core raises). */
const techOf = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${(e as { code?: unknown }).code ? ` (${String((e as { code?: unknown }).code)})` : ''}` : String(e)).slice(0, 2000);
