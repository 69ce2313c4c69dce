import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { commands } from '../../../../../shared/contract/commands.ts';
import { ok } from '../../../../../shared/contract/envelope.ts';
import type { CommandSpec } from '../../../../../shared/contract/spec.ts';
import { recordAudit } from '../../../../../electron/core/platform/audit/auditTrail.ts';
import { auditDenials } from '../../../../../electron/core/platform/audit/auditDenial.ts';
import type { CoreContext } from '../../../../../electron/core/platform/coreContext.ts';
import { createDispatcher } from '../../../../../electron/core/platform/dispatch/createDispatcher.ts';
import type { Handlers } from '../../../../../electron/core/platform/dispatch/handlers.ts';
import { SessionTable } from '../../../../../electron/core/platform/dispatch/sessions.ts';
import { createAuditModule } from '../../../../../electron/core/features/audit/auditModule.ts';
import { createPeopleModule } from '../../../../../electron/core/features/people/peopleModule.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

/** A stand-in for a supervisor action (coding a reason): audited in its transaction, like the real ones. */
const TEST_TABLE: Record<string, CommandSpec> = {
  ...(commands as unknown as Record<string, CommandSpec>),
  'test.codeReason': { req: z.object({ eventId: z.string().min(1), reason: z.string().min(1) }).strict(), res: z.object({ codedBy: z.string() }), access: ['supervisor'], summary: 'Code a downtime reason' },
};

function createSchema(db: WritableDb): void {
  migrate(db);
  db.exec('CREATE TABLE test_reason (event_id TEXT PRIMARY KEY, reason TEXT NOT NULL, coded_by TEXT NOT NULL) STRICT');
}

/**
 * A demo plant's database as the people module's first run leaves it (migrated, the demo people seeded), made
 * once per test file by that real first run. Seeding hashes five PINs with the product's scrypt: about a
 * second, and signIn.test.ts paid it before each of its tests (12 of its 20 s). Each harness starts on its own
 * copy of the files; its FakeClock starts where the template's did, so the copy equals a fresh seeding, and
 * the harness's own people.prepare() still runs (finding the people there, as a restarted console does).
 */
let template: Promise<string[]> | null = null;
function demoTemplate(): Promise<string[]> {
  template ??= (async () => {
    const tmp = makeTempDir('people-template-');
    process.once('exit', () => tmp.cleanup());
    const db = openTestDb(tmp.dir);
    createSchema(db);
    const people = createPeopleModule({ db, ports: { clock: new FakeClock() }, log: memoryLogger(), sessions: new SessionTable(new FakeClock()), options: { dataDir: tmp.dir }, config: { mode: 'demo' } });
    await people.prepare();
    people.dispose?.();
    db.close();
    return fs.readdirSync(tmp.dir).filter((f) => f.startsWith('test.db')).map((f) => path.join(tmp.dir, f));
  })();
  return template;
}

/**
 * The people and audit modules on a real SQLite file with a fake clock, behind the real dispatcher
 * (with the real denial auditing). Only these modules' commands exist here; the core-wide tests use
 * the real core.
 */
export async function startPeopleHarness(options: { mode?: 'demo' | 'production' } = {}) {
  const tmp = makeTempDir('people-');
  const demo = (options.mode ?? 'demo') === 'demo';
  if (demo) for (const f of await demoTemplate()) fs.copyFileSync(f, path.join(tmp.dir, path.basename(f)));
  const db = openTestDb(tmp.dir);
  if (!demo) createSchema(db);
  const clock = new FakeClock();
  const logger = memoryLogger();
  const sessions = new SessionTable(clock);
  const notices: string[] = [];
  const publish = ((stream: string, payload: { message?: string }) => {
    if (stream === 'system.notice' && payload.message) notices.push(payload.message);
  }) as CoreContext['publish'];
  const people = createPeopleModule({ db, ports: { clock }, log: logger, sessions, options: { dataDir: tmp.dir }, config: { mode: options.mode ?? 'demo' } });
  const audit = createAuditModule({ db, ports: { clock }, log: logger, config: { plant: { id: 'test-plant' } }, publish });
  const firstRunFile = await people.prepare();
  people.start?.();
  audit.start?.();
  const handlers = {
    ...people.handlers,
    ...audit.handlers,
    'test.codeReason': (req: { eventId: string; reason: string }, ctx: { actor: { userId: string; displayName: string; roles: string[] }; now: number }) => {
      db.transaction(() => {
        db.prepare('INSERT INTO test_reason (event_id, reason, coded_by) VALUES (?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, coded_by = excluded.coded_by').run(req.eventId, req.reason, ctx.actor.userId);
        recordAudit(db, { at: ctx.now, actor: ctx.actor as never, action: 'test.codeReason', target: req.eventId, details: { reason: req.reason }, outcome: 'ok' });
      })();
      return ok({ codedBy: ctx.actor.userId });
    },
  } as unknown as Handlers;
  const dispatch = createDispatcher({ handlers, table: TEST_TABLE, sessions, clock, logger, checkResponses: true, onDenied: auditDenials(db, clock, logger) });
  return {
    db,
    clock,
    logger,
    sessions,
    notices,
    people,
    audit,
    firstRunFile,
    dataDir: tmp.dir,
    dispatch,
    /** Dispatch and unwrap, failing the test with the error when it is not ok. */
    async call<T = unknown>(key: string, payload: unknown, sessionId: string): Promise<T> {
      const r = await dispatch(key, payload, sessionId);
      if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
    auditRows(): { seq: number; user_id: string; action: string; outcome: string; target: string | null; details: string | null }[] {
      return db.prepare('SELECT seq, user_id, action, outcome, target, details FROM audit_log ORDER BY seq').all() as never;
    },
    stop() {
      people.dispose?.();
      audit.dispose?.();
      db.close();
      tmp.cleanup();
    },
  };
}
