import type { WritableDb } from '../db.ts';

/**
 * Drops counter_baseline (0010). The live screen wrote every counter's last Good value into it on every tick
 * (one synchronous=FULL commit per tick) and nothing ever read it: where counting resumes after a restart is
 * production_counter (0020), which production keeps. Its rows carry nothing production_counter lacks.
 */
export function up(db: WritableDb): void {
  db.exec(`
    DROP INDEX IF EXISTS counter_baseline_line;
    DROP TABLE IF EXISTS counter_baseline;
  `);
}
