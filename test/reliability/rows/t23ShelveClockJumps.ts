import { AlertService } from '../../../electron/core/features/alerts/AlertService.ts';
import { getAlert } from '../../../electron/core/features/alerts/alertRepo.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';
import type { Actor } from '../../../shared/domain/actor.ts';
import type { Clock } from '../../../electron/core/platform/ports/ports.ts';
import { memoryLogger } from '../../fixtures/fakePorts.ts';
import { openTestDb } from '../../fixtures/testDb.ts';

const paul: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] };

/**
 * T23: timed shelves while the wall clock jumps (+2 h, then −1 h, like an NTP step or a person) and the
 * monotonic clock runs on. Expiry must follow trustworthy elapsed time: no alert shown shelved past
 * its expiry, none released early. The console computes the shelve itself (no A&C server here), so its
 * monotonic clock is the "server" the matrix row names.
 */
export function runT23(dir: string, alerts = 50): { shownPastExpiry: number; releasedEarly: number; line: string } {
  const db = openTestDb(dir, `t23-${Date.now()}.db`);
  migrate(db);
  // The wall clock as faketime would move it; timers in Node run on monotonic time, so the test ticks
  // the service once per monotonic second itself.
  let wallNow = Date.UTC(2026, 10, 23, 10);
  const wall: Clock = { now: () => wallNow, setTimer: () => ({ dispose() {} }), setInterval: () => ({ dispose() {} }) };
  let mono = 0;
  const svc = new AlertService({ db, clock: wall, monotonic: () => mono, logger: memoryLogger() });
  const shelveMin = new Map<number, number>();
  for (let i = 0; i < alerts; i++) {
    const id = svc.assert({ key: `t23:${i}`, source: 'rate', lineId: 'L1', assetId: null, priority: 3, title: `T23 ${i}`, detail: '', suppressed: false });
    const minutes = 5 + (i % 30);
    shelveMin.set(id, minutes);
    const r = svc.shelve(id, { kind: 'timed', minutes, reason: 'T23 reliability row' }, paul);
    if (!r.ok) throw new Error(r.message);
  }
  let shownPastExpiry = 0;
  let releasedEarly = 0;
  const jumps = new Map<number, number>([
    [3 * 60, 2 * 3_600_000],
    [8 * 60, -3_600_000],
  ]);
  const longest = Math.max(...shelveMin.values());
  // Monotonic time one second a step until every shelve is due; the wall clock jumps twice on the way.
  for (let s = 1; s <= (longest + 2) * 60; s++) {
    mono += 1000;
    const jump = jumps.get(s) ?? 0;
    wallNow += 1000 + jump;
    svc.tickShelves();
    if (s % 5 !== 0) continue;
    for (const [id, minutes] of shelveMin) {
      const a = getAlert(db, id)!;
      const due = mono >= minutes * 60_000;
      if (a.shelving && due && mono - minutes * 60_000 > 1000) shownPastExpiry++;
      if (!a.shelving && !due) releasedEarly++;
    }
  }
  svc.dispose();
  db.close();
  const pass = shownPastExpiry === 0 && releasedEarly === 0;
  return { shownPastExpiry, releasedEarly, line: `T23: shown_shelved_past_expiry=${shownPastExpiry} (target 0) ; released_early=${releasedEarly} (target 0) ; alerts=${alerts} ; wall_jumps=+2h,-1h ${pass ? 'PASS' : 'FAIL'}` };
}
