import { createSignInThrottle } from '../../../../../electron/core/features/people/signInThrottle.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('sign-in throttle under the real clock', () => {
  it('stores whole-millisecond locks from the real clock and keeps them across a new throttle on the same file', () => {
    const db = openTestDb(tmp.dir, 'real.db');
    migrate(db);
    const t = createSignInThrottle(db, systemClock, 'ws-real');
    let lock = null;
    for (let i = 0; i < 5; i++) lock = t.recordUnknown('badge', 'NOPE-REAL', 5);
    expect(lock?.scope).toBe('identifier');
    expect(Number.isInteger(lock!.until)).toBe(true);
    const again = createSignInThrottle(db, systemClock, 'ws-real');
    expect(again.blocked('badge', 'NOPE-REAL')?.until).toBe(lock!.until);
    expect(createSignInThrottle(db, systemClock, 'ws-other').blocked('badge', 'NOPE-REAL')).toBeNull();
    db.close();
  });
});
