import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';

export interface CounterBaseline {
  tagId: string;
  lineId: string;
  signal: 'good' | 'reject';
  value: number;
  sourceTs: number | null;
  recordedAt: number;
}

interface Row {
  tag_id: string;
  line_id: string;
  signal: 'good' | 'reject';
  value: number;
  source_ts: number | null;
  recorded_at: number;
}

const fromRow = (r: Row): CounterBaseline => ({
  tagId: r.tag_id,
  lineId: r.line_id,
  signal: r.signal,
  value: r.value,
  sourceTs: r.source_ts,
  recordedAt: r.recorded_at,
});

export function listBaselines(db: ReadableDb): CounterBaseline[] {
  return (db.prepare('SELECT * FROM counter_baseline ORDER BY tag_id').all() as Row[]).map(fromRow);
}

/** Upserts many baselines in one transaction (one commit per live tick, not per value). */
export function saveBaselines(db: WritableDb, items: readonly CounterBaseline[]): void {
  if (items.length === 0) return;
  const stmt = db.prepare(`
    INSERT INTO counter_baseline (tag_id, line_id, signal, value, source_ts, recorded_at)
    VALUES (@tagId, @lineId, @signal, @value, @sourceTs, @recordedAt)
    ON CONFLICT (tag_id) DO UPDATE SET value = excluded.value, source_ts = excluded.source_ts, recorded_at = excluded.recorded_at
  `);
  db.transaction(() => {
    for (const item of items) stmt.run(item);
  })();
}
