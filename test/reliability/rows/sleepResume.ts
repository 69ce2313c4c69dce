import { spawn } from 'node:child_process';
import path from 'node:path';
import type { LinkGap } from '../../../electron/core/platform/opcua/opcuaTypes.ts';
import { freePort, killGroup, sleep, spawnSimulator, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * Workstation sleep/resume, simulated honestly: the console's process (gateway + production tracker,
 * sleepCore.ts) is frozen with SIGSTOP for `freezeMs` and resumed with SIGCONT, while the demo plant (its own
 * process, retentive counters that follow the wall clock) keeps producing. Frozen longer than the keep-alive,
 * and either shorter or longer than the session timeout (then the server drops the session meanwhile).
 * Live data must come back by itself, the sleep must be one flagged gap, and production must equal what the
 * counters moved: no count missed, none twice, nothing negative.
 */
export async function runSleepResume(opts: { freezeMs: number; sessionTimeoutMs: number; expectRecovery: LinkGap['recovery'] }): Promise<RowResult> {
  const tmp = tempDir('sleep-');
  const port = await freePort();
  const sim = await spawnSimulator({ port, pkiDir: path.join(tmp.dir, 'sim-pki'), tickMs: 100, tickEpochMs: Date.now() });
  const core = spawn(process.execPath, [path.join(import.meta.dirname, 'sleepCore.ts'), sim.endpointUrl, tmp.dir, String(opts.sessionTimeoutMs)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const msgs: Record<string, unknown>[] = [];
  let buf = '';
  let errText = '';
  core.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        msgs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        errText += `${line}\n`;
      }
    }
  });
  core.stderr.on('data', (d: Buffer) => (errText += d.toString()));
  const beats = () => msgs.filter((m) => m['type'] === 'beat') as { at: number; lastGoodAt: number; phase: string }[];
  const gaps = () => msgs.filter((m) => m['type'] === 'gap').map((m) => m['gap'] as LinkGap);
  try {
    const up = await waitFor(() => beats().some((b) => b.phase === 'connected' && b.lastGoodAt > 0), 20_000);
    if (!up) throw new Error(`the console never connected: ${errText.slice(0, 500)}`);
    await sleep(1500);
    const frozenAt = Date.now();
    process.kill(core.pid!, 'SIGSTOP');
    await sleep(opts.freezeMs);
    process.kill(core.pid!, 'SIGCONT');
    const resumedAt = Date.now();
    const closed = () => gaps().find((g) => g.restoredAt >= resumedAt);
    const back = await waitFor(() => {
      const g = closed();
      return g !== undefined && beats().some((b) => b.lastGoodAt > g.restoredAt);
    }, 40_000);
    const gap = closed();
    const liveAgain = gap ? beats().find((b) => b.lastGoodAt > gap.restoredAt) : undefined;
    await sleep(1500); // counts after the resume come through the restored subscription
    core.stdin.write('finish\n');
    await waitFor(() => msgs.some((m) => m['type'] === 'final'), 20_000);
    const final = msgs.find((m) => m['type'] === 'final') as
      | {
          counted: Record<string, { good: number; reject: number; gapGood: number; negative: number }>;
          moved: Record<string, { good: number; reject: number }>;
          ledger: { missed: number; decreases: number; late: number };
          log: string[];
        }
      | undefined;
    if (!final) throw new Error(`no totals from the console: ${errText.slice(0, 500)}`);
    let missed = 0;
    let negative = 0;
    let gapGood = 0;
    for (const [lineId, c] of Object.entries(final.counted)) {
      const m = final.moved[lineId]!;
      missed += Math.abs(m.good - c.good) + Math.abs(m.reject - c.reject);
      negative += c.negative;
      gapGood += c.gapGood;
    }
    const flagged = gap !== undefined && gap.lostAt <= frozenAt + 1000 && gap.restoredAt >= resumedAt && gapGood > 0;
    const gapsDuringRun = gaps().length;
    const dataBackS = liveAgain ? (liveAgain.lastGoodAt - resumedAt) / 1000 : Number.NaN;
    const pass = back && flagged && gap?.recovery === opts.expectRecovery && missed === 0 && negative === 0 && final.ledger.missed === 0 && final.ledger.decreases === 0 && gapsDuringRun === 1;
    if (!pass && process.env['SLEEP_DEBUG']) console.log(JSON.stringify({ gaps: gaps(), final, frozenAt, resumedAt }, null, 1));
    return {
      row: 'SLEEP',
      pass,
      figures: [
        { name: 'freeze_s', value: opts.freezeMs / 1000, report: true },
        { name: 'session_timeout_s', value: opts.sessionTimeoutMs / 1000, report: true },
        { name: 'recovery', value: gap?.recovery ?? 'none', target: opts.expectRecovery },
        { name: 'data_back_s', value: back ? dataBackS : 'timeout', target: '≤10' },
        { name: 'gap_flagged', value: flagged ? 'yes' : 'no', target: 'yes' },
        { name: 'gaps', value: gapsDuringRun, target: '1' },
        { name: 'missed_counts', value: missed, target: '0' },
        { name: 'counts_in_gap', value: gapGood, report: true },
        { name: 'ledger_missed', value: final.ledger.missed, target: '0' },
        { name: 'negative_minutes', value: negative, target: '0' },
        { name: 'late_values', value: final.ledger.late, report: true },
      ],
    };
  } finally {
    try {
      process.kill(core.pid!, 'SIGCONT');
    } catch {
      // already gone
    }
    if (core.exitCode === null) core.kill('SIGKILL');
    killGroup(sim.child);
    await sim.kill();
    tmp.cleanup();
  }
}
