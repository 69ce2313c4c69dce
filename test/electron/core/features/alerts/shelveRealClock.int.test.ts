import { performance } from 'node:perf_hooks';
import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const paul: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] };
const tmp = makeTempDir('shelve-real-clock-');
afterAll(() => tmp.cleanup());

// Issue 13 defect 1: performance.now() yields fractions; the old tick wrote them into the STRICT INTEGER
// column alert.shelve_remaining_ms and threw "cannot store REAL value". The fake clock only gave integers.
describe('timed shelve under the real clock (systemClock + performance.now)', () => {
  it('counts a 1-minute shelve down through several persisted ticks without an error, in whole milliseconds', async () => {
    const db = openTestDb(tmp.dir);
    migrate(db);
    const logger = memoryLogger();
    const svc = new AlertService({ db, clock: systemClock, monotonic: () => performance.now(), logger, shelvePersistMs: 300 });
    const id = svc.assert({ key: 'real-clock:1', source: 'downtime', lineId: 'line-1', assetId: null, priority: 2, title: 'Stopped', detail: 'stop', suppressed: false });
    const shelved = svc.shelve(id, { kind: 'timed', minutes: 1, reason: 'changeover' }, paul);
    expect(shelved.ok).toBe(true);
    const errors: unknown[] = [];
    const t0 = performance.now();
    // The real interval (1 s) and a few extra ticks at odd moments so the fractions show up.
    svc.start();
    while (performance.now() - t0 < 2_600) {
      await new Promise((r) => setTimeout(r, 137));
      try {
        svc.tickShelves();
      } catch (e) {
        errors.push(e);
      }
    }
    svc.dispose();
    expect(errors).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    const row = db.prepare('SELECT shelve_remaining_ms AS r, typeof(shelve_remaining_ms) AS t FROM alert WHERE id = ?').get(id) as { r: number; t: string };
    expect(row.t).toBe('integer');
    // It counted down (a few persists happened) and is still shelved.
    expect(row.r).toBeLessThan(60_000 - 1_500);
    expect(row.r).toBeGreaterThan(50_000);
    db.close();
  });
});
