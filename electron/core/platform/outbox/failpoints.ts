/**
 * Crash points for the reliability rows (matrix §4): `CRASH_AT=<name>` (optionally `CRASH_AT_HIT=<n>`)
 * makes the process SIGKILL itself at that exact point, the way a power cut or a killed core would.
 * Without the variable this is a cheap no-op.
 */
export type FailpointName = 'after_sending_commit' | 'after_http_send' | 'before_mark_done';

const target = process.env.CRASH_AT;
const hitAt = Number(process.env.CRASH_AT_HIT ?? '1');
let hits = 0;

export function failpoint(name: FailpointName): void {
  if (target !== name) return;
  hits += 1;
  if (hits >= hitAt) process.kill(process.pid, 'SIGKILL');
}
