import { createHash } from 'node:crypto';
import { hashPin, PIN_SCRYPT, verifyPin } from '../../electron/core/features/people/pinHash.ts';

// The cost of one PIN check (scrypt N=2^15, r=8, p=1) against a baseline measured in the same run:
// one SHA-256 of the same PIN. Printed as a ratio and in ms, for comparison across machines and runs.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stored = await hashPin('482913');
const scryptMs: number[] = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  await verifyPin('482913', stored);
  scryptMs.push(performance.now() - t);
}
const shaMs: number[] = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  for (let j = 0; j < 1000; j++) createHash('sha256').update('482913').digest();
  shaMs.push((performance.now() - t) / 1000);
}
const m = median(scryptMs);
console.log(`pin check (scrypt N=${PIN_SCRYPT.N} r=${PIN_SCRYPT.r} p=${PIN_SCRYPT.p}): median ${m.toFixed(1)} ms; ratio to one SHA-256 ${(m / median(shaMs)).toFixed(0)}x; off-line guesses of a 6-digit PIN on one core ≈ ${((1e6 * m) / 3_600_000).toFixed(1)} h`);
console.log(`BENCH ${JSON.stringify({ name: 'pin check (scrypt)', metric: 'median', value: Number(m.toFixed(1)), unit: 'ms', baseline: Number(median(shaMs).toFixed(5)), ratio: Math.round(m / median(shaMs)) })}`);
