// Memory per shift change: `npx node --expose-gc test/bench/shiftMemory.ts [--shifts 20] [--shift-minutes 30 | --demo-calendar]
// [--sample-ms 1000]`. Runs the parts of the core a shift change touches (test/electron/core/features/production/shiftRig.ts:
// line feed, live pump, production module, alerts module, shift close, on a real SQLite file, the demo plant's own values,
// the core's clock port as a FakeClock, so hours pass in seconds) through the shift changes, and after each one asks the
// shift list and the draft of the shift that ended, forces two full GCs and prints the V8 heap in use, RSS, the
// database's size and the entry counts the parts keep. At the end: the least-squares slope of the heap after GC per shift
// (after 3 warm-up shifts), which is flat when nothing is kept per shift.
// --shift-minutes M (default 30): a calendar of M-minute shifts all day, every day (many shift changes per simulated hour,
// across midnight); --demo-calendar: the demo plant's own calendar (three 8-hour shifts, weekends off; ~8× the CPU).
// Not measured here: the OPC UA gateway and the WebSocket server (serve); RSS over wall-clock hours is the soak's
// (`npm run bench -- soak`). The production database runs at synchronous = OFF here (no fsync per commit; memory
// does not depend on it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PlantConfig } from '../../shared/domain/plantConfig.ts';
import { shiftFor } from '../../electron/core/features/production/reportWindows.ts';
import { startShiftRig } from '../electron/core/features/production/shiftRig.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { shifts: { type: 'string' }, 'shift-minutes': { type: 'string' }, 'demo-calendar': { type: 'boolean' }, 'sample-ms': { type: 'string' } },
  strict: true,
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('Run it with --expose-gc: npx node --expose-gc test/bench/shiftMemory.ts\n');
  process.exit(2);
}
const SHIFTS = Number(values.shifts ?? 20);
const SHIFT_MIN = Number(values['shift-minutes'] ?? 30);
const SAMPLE_MS = Number(values['sample-ms'] ?? 1000);

function shortShifts(minutes: number): PlantConfig['shiftCalendar'] {
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const shifts: PlantConfig['shiftCalendar']['shifts'] = [];
  const half = Math.floor(minutes / 2);
  for (let m = 0; m < 1440; m += minutes) {
    shifts.push({ name: `S${hhmm(m).replace(':', '')}`, start: hhmm(m), end: hhmm(m + minutes), days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], breaks: [{ start: hhmm(m + half), end: hhmm(m + half + 1) }] });
  }
  return { shifts, holidays: [] };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-shift-memory-'));
const start = Date.UTC(2026, 2, 2, 5, 0); // Monday 06:00 Berlin: the demo calendar's Early shift begins
const rig = startShiftRig({ dir, start, sampleMs: SAMPLE_MS, ...(values['demo-calendar'] ? {} : { shiftCalendar: shortShifts(SHIFT_MIN) }) });
const mb = (b: number) => (b / 1048576).toFixed(2);
const dbBytes = () => ['rig.db', 'rig.db-wal'].reduce((n, f) => n + (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : 0), 0);
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage();
};

const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
process.stdout.write(`shift memory: ${SHIFTS} shift changes, ${values['demo-calendar'] ? 'the demo calendar' : `${SHIFT_MIN}-minute shifts`}, a plant sample every ${SAMPLE_MS} ms; load ${load} on ${os.cpus().length} cores\n`);
process.stdout.write('shift | plant time (UTC) | heap used after GC MB | RSS MB | external MB | db+wal MB | CPU s | figures rows | kept entries (all else)\n');
const rows: { n: number; heap: number }[] = [];
const cpu0 = process.cpuUsage();
try {
  let t = start;
  for (let n = 0; n <= SHIFTS; n++) {
    // The next shift change, plus half a minute: the new shift's figures are live, the ended one's draft is read.
    if (n > 0) {
      const current = shiftFor(rig.plant, 'current', t)!;
      t = current.end + 30_000;
      // A simulated minute at a time, then a turn of the event loop (as serve turns it all the time): finalizers of
      // collected native objects (better-sqlite3 statements) run only there.
      for (let at = Math.min(t, rig.clock.now() + 60_000); ; at = Math.min(t, at + 60_000)) {
        rig.runUntil(at);
        await new Promise((r) => setImmediate(r));
        if (at >= t) break;
      }
      await rig.closeEndedShift();
    }
    const m = heapAfterGc();
    const kept = rig.retained();
    const other = Object.entries(kept).filter(([k]) => !k.startsWith('figures.')).reduce((s, [, v]) => s + v, 0);
    const c = process.cpuUsage(cpu0);
    rows.push({ n, heap: m.heapUsed });
    process.stdout.write(
      `${String(n).padStart(5)} | ${new Date(t).toISOString().slice(0, 16)} | ${mb(m.heapUsed).padStart(8)} | ${mb(m.rss).padStart(7)} | ${mb(m.external).padStart(6)} | ${mb(dbBytes()).padStart(6)} | ${((c.user + c.system) / 1e6).toFixed(1).padStart(6)} | ${String(kept['figures.rows']).padStart(5)} | ${other}\n`,
    );
  }
} finally {
  rig.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

const pts = rows.filter((r) => r.n >= 3);
const mx = pts.reduce((a, p) => a + p.n, 0) / pts.length;
const my = pts.reduce((a, p) => a + p.heap, 0) / pts.length;
const slope = pts.reduce((a, p) => a + (p.n - mx) * (p.heap - my), 0) / pts.reduce((a, p) => a + (p.n - mx) ** 2, 0);
process.stdout.write(`heap after GC: slope ${(slope / 1024).toFixed(1)} KB per shift change over shifts 3 … ${SHIFTS} (least squares); first ${mb(pts[0]!.heap)} MB, last ${mb(pts.at(-1)!.heap)} MB; load ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}\n`);
