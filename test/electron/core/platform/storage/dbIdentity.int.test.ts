import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../../../../../electron/core/platform/audit/auditTrail.ts';
import { backupIfDue, backupsDir } from '../../../../../electron/core/platform/storage/backup.ts';
import { type CheckedDatabase, type OpenCheckedOptions, openCheckedDatabase, readSidecar, type StartRefusal, sidecarPath } from '../../../../../electron/core/platform/storage/dbIdentity.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const T0 = Date.UTC(2026, 11, 1, 6);
let n = 0;
const freshDir = () => {
  const d = path.join(tmp.dir, `d${++n}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};
const open = (dataDir: string, extra: Partial<OpenCheckedOptions> = {}) =>
  openCheckedDatabase({ dataDir, plantId: 'demo', now: T0 + n * 1000, log: memoryLogger(), minFreeBytes: 1024 * 1024, ...extra });
const opened = (r: CheckedDatabase | StartRefusal): CheckedDatabase => {
  if (!r.ok) throw new Error(`expected a start, got: ${r.message}`);
  return r;
};
const refused = (r: CheckedDatabase | StartRefusal): StartRefusal => {
  if (r.ok) {
    r.db.close();
    throw new Error('expected a refusal, the database was opened');
  }
  return r;
};
const actor = { userId: 'u1', displayName: 'Anna Berg', roles: ['supervisor' as const] };
function addAudit(dir: string, count: number) {
  const c = opened(open(dir));
  for (let i = 0; i < count; i++) recordAudit(c.db, { at: T0 + i, actor, action: 'downtime.setReason', target: `L1/${i}`, outcome: 'ok' });
  c.db.close();
  // The next start writes the sidecar with the new audit head.
  opened(open(dir)).db.close();
}
const noStack = (m: string) => {
  expect(m).not.toMatch(/SqliteError|\n\s+at |\{"/);
};

describe('the database identity kept beside the database', () => {
  it('starts on a fresh machine as before, and writes the sidecar with the database id and audit head', () => {
    const dir = freshDir();
    const c = opened(open(dir));
    const side = readSidecar(dir);
    expect(side).toMatchObject({ version: 1, databaseId: c.identity.databaseId, auditCount: 0, plantId: 'demo' });
    expect(c.identity.databaseId).toMatch(/^[0-9a-f]{32}$/);
    expect(c.backup).toMatch(/backups\/console-\d{8}T\d{6}Z\.db$/);
    c.db.close();
  });

  it('refuses an emptied (0-byte) database, says what would be lost, where the last backup is, and which flag decides', () => {
    const dir = freshDir();
    addAudit(dir, 3);
    fs.truncateSync(path.join(dir, 'console.db'), 0);
    fs.rmSync(path.join(dir, 'console.db-wal'), { force: true });
    const r = refused(open(dir));
    expect(r.code).toBe('DATABASE');
    expect(r.message).toContain(`The database at ${path.join(dir, 'console.db')} is empty (0 bytes)`);
    expect(r.message).toContain('3 audit records');
    expect(r.message).toContain(`The newest backup is ${backupsDir(dir)}/console-`);
    expect(r.message).toContain('--accept-new-database');
    noStack(r.message);
    // Refusing leaves the evidence as it was: still 0 bytes, no schema created in it.
    expect(fs.statSync(path.join(dir, 'console.db')).size).toBe(0);
    const again = opened(open(dir, { acceptNewDatabase: true }));
    expect(again.identity.auditCount).toBe(0);
    expect(readSidecar(dir)?.databaseId).toBe(again.identity.databaseId);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('console.db.identity.json.replaced-'))).toBe(true);
    again.db.close();
    opened(open(dir)).db.close();
  });

  it('refuses a database that is gone while its sidecar remains', () => {
    const dir = freshDir();
    addAudit(dir, 1);
    for (const f of ['console.db', 'console.db-wal', 'console.db-shm']) fs.rmSync(path.join(dir, f), { force: true });
    const r = refused(open(dir));
    expect(r.message).toContain('is missing, but this console had one');
    expect(r.message).toContain('--accept-new-database');
    expect(fs.existsSync(path.join(dir, 'console.db'))).toBe(false);
  });

  it("refuses another console's database until an administrator accepts the change", () => {
    const ours = freshDir();
    const theirs = freshDir();
    addAudit(ours, 2);
    const t = opened(open(theirs, { plantId: 'hall-7' }));
    t.db.close();
    fs.copyFileSync(path.join(theirs, 'console.db'), path.join(ours, 'console.db'));
    const r = refused(open(ours));
    expect(r.message).toContain("it is another console's database (plant \"hall-7\")");
    expect(r.message).toContain('--accept-database-change');
    expect(r.message).not.toContain(t.identity.databaseId);
    noStack(r.message);
    expect(refused(open(ours, { acceptNewDatabase: false })).ok).toBe(false);
    const accepted = opened(open(ours, { acceptDatabaseChange: true }));
    expect(accepted.identity.databaseId).toBe(t.identity.databaseId);
    accepted.db.close();
    opened(open(ours)).db.close();
  });

  it('refuses a database older than the audit head the console last saw (a backup put back)', () => {
    const dir = freshDir();
    addAudit(dir, 2);
    const c = opened(open(dir));
    const early = path.join(tmp.dir, `early-${n}.db`);
    c.db.prepare('VACUUM INTO ?').run(early);
    for (let i = 0; i < 3; i++) recordAudit(c.db, { at: T0 + 100 + i, actor, action: 'holds.place', outcome: 'ok' });
    c.db.close();
    opened(open(dir)).db.close();
    expect(readSidecar(dir)?.auditCount).toBe(5);
    fs.copyFileSync(early, path.join(dir, 'console.db'));
    fs.rmSync(path.join(dir, 'console.db-wal'), { force: true });
    const r = refused(open(dir));
    expect(r.message).toContain('is older than the one this console last used: its audit trail has 2 records, the console had seen 5');
    expect(r.message).toContain('--accept-database-change');
  });

  it('refuses a database with bytes corrupted in the middle: "damaged", and names the newest backup to restore', () => {
    const dir = freshDir();
    const c = opened(open(dir));
    c.db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const ins = c.db.prepare('INSERT INTO filler (body) VALUES (?)');
    c.db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`row ${i} ${'x'.repeat(200)}`);
    })();
    c.db.pragma('wal_checkpoint(TRUNCATE)');
    const made = backupIfDue(c.db, dir, T0 + 10 * 86_400_000)!;
    c.db.close();
    const file = path.join(dir, 'console.db');
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const r = refused(open(dir));
    expect(r.message).toBe(
      `The database at ${file} is damaged. Restore the last backup: ${made} (stop the console, copy it over ${file}, remove ${file}-wal and ${file}-shm if present, then start again with --accept-database-change, since the backup is older than the damaged database).`,
    );
  });

  it('refuses a truncated database as damaged, without a stack', () => {
    const dir = freshDir();
    const c = opened(open(dir));
    c.db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT); WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 2000) INSERT INTO filler (body) SELECT printf('%.300c', 'y') FROM k;");
    c.db.pragma('wal_checkpoint(TRUNCATE)');
    c.db.close();
    const file = path.join(dir, 'console.db');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3));
    const r = refused(open(dir));
    expect(r.message).toMatch(/^The database at .* is damaged\. Restore the last backup: .*backups\/console-/);
    noStack(r.message);
  });

  it('rewrites the sidecar atomically: never a half-written file', () => {
    const dir = freshDir();
    opened(open(dir)).db.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(sidecarPath(dir), 'utf8'))).toMatchObject({ version: 1 });
  });
});
