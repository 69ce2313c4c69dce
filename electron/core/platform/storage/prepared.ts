import type Database from 'better-sqlite3';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * How many statements one generation of a connection's cache holds (at most twice this are held). The console's
 * constant SQL is under a hundred texts and the audit filter's combinations at most 128; a text built with a
 * value in it (a caller that splices instead of binding) would otherwise add a compiled statement, and SQLite's
 * memory for it, on every call for as long as the console runs.
 */
export const PREPARED_PER_GENERATION = 256;

/** Two generations: a hit in the older one moves the statement to the current one; a full current retires the older. */
interface Generations {
  current: Map<string, Statement>;
  older: Map<string, Statement>;
}

/**
 * Prepared statements kept per connection, by SQL text. better-sqlite3 compiles a statement on every
 * `db.prepare()` (it keeps no cache): the production module's repositories prepared the same dozen statements
 * for every line on every tick and every state change, which was the core's largest CPU item under load.
 * For statements used plainly (`run`, `get`, `all`): a mode set with `pluck()`, `raw()` or `expand()` would stay
 * on the shared statement. Bounded (PREPARED_PER_GENERATION): statements not used for a generation are let go
 * (better-sqlite3 finalizes them when collected) and compiled again if asked for; a hit costs one lookup.
 */
const cache = new WeakMap<object, Generations>();

export function prepared(db: Pick<Database.Database, 'prepare'>, sql: string): Statement {
  let g = cache.get(db);
  if (!g) cache.set(db, (g = { current: new Map(), older: new Map() }));
  let s = g.current.get(sql);
  if (s) return s;
  s = g.older.get(sql);
  if (!s) s = db.prepare<unknown[], unknown>(sql);
  else g.older.delete(sql);
  if (g.current.size >= PREPARED_PER_GENERATION) {
    g.older = g.current;
    g.current = new Map();
  }
  g.current.set(sql, s);
  return s;
}

/** How many compiled statements the cache holds for this connection (tests; the memory bound). */
export function preparedHeld(db: object): number {
  const g = cache.get(db);
  return g ? g.current.size + g.older.size : 0;
}
