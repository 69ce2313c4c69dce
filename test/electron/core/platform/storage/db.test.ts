import Database from 'better-sqlite3';
import path from 'node:path';
import { PAGE_CACHE_KIB, checkPragmas, openDatabase } from '../../../../../electron/core/platform/storage/db.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('openDatabase', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const r = openDatabase(path.join(tmp.dir, 'a.db'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(r.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(r.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(r.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Bounded page cache (the library's build default is 16 MB, which the soak saw grow for hours).
    expect(r.db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBeLessThanOrEqual(4096);
    r.db.close();
  });

  it('finds a connection that is not durable, whatever the library defaults are', () => {
    const db = new Database(path.join(tmp.dir, 'b.db'));
    expect(checkPragmas(db)).toContain('journal_mode is delete');
    db.pragma('journal_mode = wal');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    expect(checkPragmas(db)).toContain('synchronous is 1');
    db.pragma('synchronous = FULL');
    expect(checkPragmas(db)).toBe('foreign_keys is off');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 0');
    expect(checkPragmas(db)).toContain('busy_timeout is 0');
    db.close();
  });

  it('refuses a path it cannot open, with the path in the message', () => {
    const r = openDatabase(path.join(tmp.dir, 'no', 'such', 'dir', 'c.db'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(path.join('no', 'such', 'dir'));
  });
});
