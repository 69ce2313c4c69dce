import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enqueueOutbox } from '../../../electron/core/platform/outbox/outboxRepo.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';
import { startSapSandbox } from '../../../electron/demo/erp/sapSandbox.ts';
import { confirmationPayload, demoOrderId } from '../../electron/core/platform/outbox/outboxFixture.ts';
import { inFlightFigure, rowLine } from './report.ts';

type Rec = { ExternalSystemConfirmation: string | null; IsReversed: boolean; IsReversal: boolean };

/**
 * T-slowERP (issue 14 A): the ERP commits each `$batch` late, at 0.5×, 1×, 2× and 5× the console's
 * request timeout, even after the console gave up (as a SAP work process runs on); the console's
 * outbox process is killed with SIGKILL while the request is held, and a fresh one finishes. The
 * sandbox enforces the processing limit the console is configured with. Counts the confirmations the
 * ERP holds more than once at the end (target 0), with repeatable requests off, so the guarantee
 * rests on the read-back timing alone.
 */
export async function runSlowErp(o: {
  label: string;
  itemsPerRound: number;
  factors: readonly number[];
  timeoutSec: number;
  /** What the console is told (erp.processingLimitSec). */
  processingLimitSec: number;
  /** What the ERP really enforces; more than the console was told is a misconfiguration the read-back after a resend must catch. */
  erpLimitSec?: number;
  settleSec: number;
  /** Also require that nothing was ever created twice (true when the console knows the ERP's real limit). */
  noneCreatedTwice: boolean;
}): Promise<{ line: string; pass: boolean; duplicatesLeft: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslow-'));
  const file = path.join(dir, 'console.db');
  const erpLimitSec = o.erpLimitSec ?? o.processingLimitSec;
  const sap = await startSapSandbox({ minOrderGapMs: 0, processingLimitMs: erpLimitSec * 1000, repeatability: false });
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  migrate(db);
  const script = path.join(import.meta.dirname, 'tSlowErpWorker.ts');
  const erp = JSON.stringify({ timeoutSec: o.timeoutSec, settleSec: o.settleSec, processingLimitSec: o.processingLimitSec, minOrderGapSec: 0 });
  const spawnChild = (): { child: ChildProcess; exit: Promise<NodeJS.Signals | number | null> } => {
    const child = spawn(process.execPath, [script, file, sap.url, erp], { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    return { child, exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))) };
  };
  const sendingNow = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state <> 'done' AND state = 'sending'`).pluck();
  const ids: string[] = [];
  let kills = 0;
  let k = 0;
  const started = Date.now();
  for (const factor of o.factors) {
    const delay = Math.round(factor * o.timeoutSec * 1000);
    sap.admin.addFault({ match: { op: 'batch' }, action: { kind: 'slowCommit', commitAfterMs: delay }, times: 1 });
    db.transaction(() => {
      for (let i = 0; i < o.itemsPerRound; i++) {
        const id = randomUUID();
        const orderId = demoOrderId(k++ % 140, 1 + (k % 3));
        enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${orderId}`, payload: confirmationPayload(id, orderId, 1 + (k % 400)), at: Date.now() });
        ids.push(id);
      }
    })();
    const first = spawnChild();
    // Kill -9 while the ERP holds the request (halfway to its late commit).
    const deadline = Date.now() + 30_000;
    while ((sendingNow.get() as number) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, Math.max(50, delay / 2)));
    first.child.kill('SIGKILL');
    if ((await first.exit) === 'SIGKILL') kills++;
    const second = spawnChild();
    const code = await second.exit;
    if (code !== 0) throw new Error(`the outbox process ended with ${String(code)}`);
  }
  // Whatever the ERP still runs would commit within its processing limit: wait it out, then let the
  // outbox finish whatever a late commit made it do (a duplicate's cancellation), then count.
  await new Promise((r) => setTimeout(r, erpLimitSec * 1000 + 500));
  const finish = spawnChild();
  if ((await finish.exit) !== 0) throw new Error('the outbox process did not finish');
  const recs = sap.admin.records('confirmations') as Rec[];
  const live = new Map<string, number>();
  for (const r of recs) if (r.ExternalSystemConfirmation && !r.IsReversed && !r.IsReversal) live.set(r.ExternalSystemConfirmation, (live.get(r.ExternalSystemConfirmation) ?? 0) + 1);
  const duplicatesLeft = ids.filter((id) => (live.get(id) ?? 0) > 1).length;
  const lost = ids.filter((id) => (live.get(id) ?? 0) === 0).length;
  const counts = sap.admin.counts();
  const notDone = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state != 'done'`).pluck().get() as number;
  const repaired = db.prepare(`SELECT COUNT(*) AS n FROM outbox_duplicate`).pluck().get() as number;
  const readback = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE resolved_by = 'readback'`).pluck().get() as number;
  db.close();
  await sap.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const pass = duplicatesLeft === 0 && lost === 0 && notDone === 0 && kills === o.factors.length && (!o.noneCreatedTwice || counts.duplicates.length === 0);
  return {
    pass,
    duplicatesLeft,
    line: rowLine(`T-slowERP ${o.label}`, [
      inFlightFigure(sap),
      { name: 'delays', value: o.factors.map((f) => `${f}x`).join('/'), report: true },
      { name: 'limit_told_erp', value: `${o.processingLimitSec}s/${erpLimitSec}s`, report: true },
      { name: 'duplicates_left', value: `${duplicatesLeft}/${ids.length}`, target: '0' },
      { name: 'created_twice', value: counts.duplicates.length, ...(o.noneCreatedTwice ? { target: '0' } : { report: true }) },
      { name: 'duplicates_repaired', value: repaired, report: true },
      { name: 'lost', value: lost, target: '0' },
      { name: 'kills', value: kills, target: String(o.factors.length) },
      { name: 'not_done', value: notDone, target: '0' },
      { name: 'resolved_by_readback', value: readback, report: true },
      { name: 'rolled_back_by_limit', value: counts.rolledBack ?? 0, report: true },
      { name: 'seconds', value: Math.round((Date.now() - started) / 1000), report: true },
    ], pass),
  };
}
