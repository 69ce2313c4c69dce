import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../../../../../electron/core/platform/audit/auditTrail.ts';
import { openCheckedDatabase, readSidecar } from '../../../../../electron/core/platform/storage/dbIdentity.ts';
import { createStorageHealth, type StorageStatus } from '../../../../../electron/core/platform/storage/storageHealth.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const actor = { userId: 'u1', displayName: 'Anna Berg', roles: ['supervisor' as const] };

describe('storage health while the console runs', () => {
  it('keeps the sidecar within one probe of the audit head, writing it only when the head moved', () => {
    const dataDir = path.join(tmp.dir, 'a');
    fs.mkdirSync(dataDir);
    const clock = new FakeClock();
    const c = openCheckedDatabase({ dataDir, plantId: 'demo', now: clock.now(), log: memoryLogger(), minFreeBytes: 1 });
    if (!c.ok) throw new Error(c.message);
    const published: StorageStatus[] = [];
    const health = createStorageHealth({ db: c.db, dataDir, clock, logger: memoryLogger(), identity: c.identity, publish: (s) => published.push(s), minFreeBytes: 1 });
    const written = () => readSidecar(dataDir)!.writtenAt;
    const first = written();
    clock.advance(5000);
    expect(written()).toBe(first);
    recordAudit(c.db, { at: clock.now(), actor, action: 'auth.signIn', outcome: 'ok' });
    recordAudit(c.db, { at: clock.now(), actor, action: 'auth.signOut', outcome: 'ok' });
    clock.advance(5000);
    expect(readSidecar(dataDir)).toMatchObject({ auditCount: 2, auditHash: c.db.prepare('SELECT last_hash FROM audit_head').pluck().get() as string });
    expect(published).toEqual([]);
    expect(health.noteFailure(new Error('something else'))).toBeNull();
    expect(health.noteFailure(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))?.message).toMatch(/^The database at .* is damaged\. Restore the last backup: /);
    expect(published.at(-1)).toMatchObject({ state: 'damaged' });
    clock.advance(5000);
    expect(published.at(-1)?.state).toBe('damaged'); // re-sent while it lasts; only a restore ends it
    health.dispose();
    c.db.close();
  });
});
