import Database from 'better-sqlite3';

/**
 * Reader and writer handles are typed apart so a function that only reads says so in its signature.
 * Both are the same better-sqlite3 connection underneath: one writer per process.
 */
export type WritableDb = Database.Database & { readonly __writable: true };
export type ReadableDb = Pick<Database.Database, 'prepare' | 'pragma'> & { readonly __readable?: true };

export interface OpenDbError {
  code: 'PRAGMA_NOT_APPLIED' | 'OPEN_FAILED' | 'NODE_TOO_OLD';
  message: string;
  /** The error SQLite raised, so the caller can tell a damaged file or a full disk from other failures. */
  cause?: unknown;
}

export const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a confirmed shift survives a power cut
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

/**
 * Page cache per connection, in KiB (SQLite's negative form). better-sqlite3 builds SQLite with a 16 MB default,
 * and the cache fills as the database grows, which the 2-hour soak saw as RSS rising in steps for hours. The
 * hot pages (the live tables' B-tree tops, the outbox head) fit in 4 MB many times over; colder reads come
 * from the operating system's file cache, which is not the console's memory.
 */
export const PAGE_CACHE_KIB = 4096;

/**
 * Opens (creating if needed) the console's database with production pragmas, then reads every one back.
 * better-sqlite3 opens WAL databases at synchronous=NORMAL by default, so a pragma that did not take is
 * a reason to refuse to run, not a warning.
 */
export function openDatabase(file: string, options: { fileMustExist?: boolean } = {}): { ok: true; db: WritableDb } | { ok: false; error: OpenDbError } {
  if (Number(process.versions.napi) < 10) {
    return { ok: false, error: { code: 'NODE_TOO_OLD', message: `Node ${process.version} (N-API ${process.versions.napi}) cannot load better-sqlite3 13; run through the npm scripts (Node 24), not the system node` } };
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: options.fileMustExist === true });
  } catch (e) {
    return { ok: false, error: { code: 'OPEN_FAILED', message: `Cannot open database ${file}: ${(e as Error).message}`, cause: e } };
  }
  try {
    db.pragma(`journal_mode = ${REQUIRED_PRAGMAS.journal_mode}`);
    db.pragma(`synchronous = ${REQUIRED_PRAGMAS.synchronous}`);
    db.pragma(`foreign_keys = ${REQUIRED_PRAGMAS.foreign_keys}`);
    db.pragma(`busy_timeout = ${REQUIRED_PRAGMAS.busy_timeout}`);
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    const problem = checkPragmas(db);
    if (problem) {
      db.close();
      return { ok: false, error: { code: 'PRAGMA_NOT_APPLIED', message: `Database ${file}: ${problem}; refusing to run without durable writes` } };
    }
  } catch (e) {
    db.close();
    return { ok: false, error: { code: 'OPEN_FAILED', message: `Cannot prepare database ${file}: ${(e as Error).message}`, cause: e } };
  }
  return { ok: true, db: db as WritableDb };
}

/** Returns a description of the first pragma that does not hold, or null when all do. */
export function checkPragmas(db: Pick<Database.Database, 'pragma'>): string | null {
  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (journal !== REQUIRED_PRAGMAS.journal_mode) return `journal_mode is ${journal}, expected wal`;
  const sync = Number(db.pragma('synchronous', { simple: true }));
  if (sync < REQUIRED_PRAGMAS.synchronous) return `synchronous is ${sync}, expected 2 (FULL) or 3 (EXTRA)`;
  const fk = Number(db.pragma('foreign_keys', { simple: true }));
  if (fk !== 1) return 'foreign_keys is off';
  const busy = Number(db.pragma('busy_timeout', { simple: true }));
  if (busy < 1000) return `busy_timeout is ${busy} ms, expected at least 1000`;
  return null;
}
