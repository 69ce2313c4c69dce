import type Database from 'better-sqlite3';

/**
 * Prepared statements kept per connection, by SQL text. better-sqlite3 compiles a statement on every
 * `db.prepare()` (it keeps no cache): the production module's repositories prepared the same dozen statements
 * for every line on every tick and every state change, which was the core's largest CPU item under load.
 * Only for constant SQL (the cache is never trimmed) and for statements used plainly (`run`, `get`, `all`):
 * a mode set with `pluck()`, `raw()` or `expand()` would stay on the shared statement.
 */
const cache = new WeakMap<object, Map<string, Database.Statement<unknown[], unknown>>>();

export function prepared(db: Pick<Database.Database, 'prepare'>, sql: string): Database.Statement<unknown[], unknown> {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare<unknown[], unknown>(sql)));
  return s;
}
