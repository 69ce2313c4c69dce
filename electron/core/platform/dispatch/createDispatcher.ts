import { commands } from '../../../../shared/contract/commands.ts';
import { type Envelope, fail } from '../../../../shared/contract/envelope.ts';
import { describePayloadIssue, payloadProblemsMessage, unsafeTextProblems } from '../../../../shared/contract/problems.ts';
import type { Access, CommandSpec } from '../../../../shared/contract/spec.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
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
  storageFailure?: (e: unknown) => { code: 'UNAVAILABLE'; message: string } | null;
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
      return fail('BAD_REQUEST', `Unknown command "${String(key).slice(0, 100)}"`);
    }
    const actor = deps.sessions.actorOf(sessionId);
    if (!actor) return fail('UNAUTHENTICATED', 'This screen has no session with the console core; reload it');
    const spec = table[key]!;
    // The role is checked before the payload: whatever a refused actor sends (forged actor fields
    // included) is refused and audited the same way, and teaches them nothing about the schema.
    if (!mayRun(spec.access, actor)) {
      deps.onDenied?.(key, actor);
      deps.logger.warn('Command denied', { key, userId: actor.userId, roles: actor.roles });
      const needed = spec.access === 'anyone' ? [] : spec.access;
      return fail('FORBIDDEN', `${actor.displayName} may not ${spec.summary.toLowerCase()}; needs role ${needed.join(' or ')}`, { needed });
    }
    const unsafe = unsafeTextProblems(payload);
    if (unsafe.length) return fail('BAD_REQUEST', payloadProblemsMessage(unsafe), unsafe);
    const parsed = spec.req.safeParse(payload);
    if (!parsed.success) {
      // Each problem names its field in plain words (the forms show it next to the field by `path`).
      const problems = parsed.error.issues.map(describePayloadIssue);
      return fail('BAD_REQUEST', payloadProblemsMessage(problems), problems);
    }
    // Only actions count as activity for the idle lock: reads a screen makes by itself (live views,
    // polling its session state) must not keep a walked-away session signed in.
    if (spec.access !== 'anyone') deps.sessions.touch(sessionId);
    try {
      const result = await handlers[key]!(parsed.data, { actor, sessionId, now: deps.clock.now() });
      if (deps.checkResponses && result.ok) {
        const check = spec.res.safeParse(result.value);
        if (!check.success) {
          deps.logger.error('Handler response breaks the contract', { key, issues: JSON.stringify(check.error.issues).slice(0, 2000) });
          return fail('INTERNAL', `The console core answered ${key} with data that breaks its contract`);
        }
      }
      return result;
    } catch (e) {
      const storage = deps.storageFailure?.(e);
      if (storage) {
        deps.logger.warn('Command refused: storage', { key, reason: storage.message });
        return fail(storage.code, storage.message);
      }
      deps.logger.error('Command failed', { key, error: e as Error });
      return fail('INTERNAL', `The console core failed while running ${key}; the details are in its log`);
    }
  };
}
