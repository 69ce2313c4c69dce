import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enqueueOutbox } from '../../../electron/core/platform/outbox/outboxRepo.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';
import { startSapSandbox } from '../../../electron/demo/erp/sapSandbox.ts';
import { demoOrderId, confirmationPayload } from '../../electron/core/platform/outbox/outboxFixture.ts';
import { inFlightFigure, rowLine } from './report.ts';

const POINTS = ['after_sending_commit', 'after_http_send', 'before_mark_done'] as const;

/**
 * T2: a child process runs the outbox against the SAP sandbox and kills itself at a failpoint
 * between `sending` and `done`, in rotation; the next child recovers. The sandbox keeps everything it
 * committed, so duplicates show up as references created twice.
 */
export async function runT2(o: { kills: number; inFlight: number }): Promise<{ line: string; pass: boolean }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2-'));
  const file = path.join(dir, 'console.db');
  const sap = await startSapSandbox({ minOrderGapMs: 0 });
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  migrate(db);
  const script = path.join(import.meta.dirname, 't2Worker.ts');
  const ids: string[] = [];
  let kills = 0;
  let cycles = 0;
  let k = 0;
  const runChild = (crashAt: string | null) =>
    new Promise<string | null>((resolve) => {
      const env = { ...process.env };
      if (crashAt) env.CRASH_AT = crashAt;
      else delete env.CRASH_AT;
      const child = spawn(process.execPath, [script, file, sap.url], { stdio: ['ignore', 'ignore', 'inherit'], env, detached: true });
      child.once('exit', (_code, signal) => resolve(signal));
    });
  while (kills < o.kills) {
    db.transaction(() => {
      for (let i = 0; i < o.inFlight; i++) {
        const id = randomUUID();
        const orderId = demoOrderId(k++ % 190, 1 + (k % 3));
        enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${orderId}`, payload: confirmationPayload(id, orderId, 1 + (k % 400)), at: Date.now() });
        ids.push(id);
      }
    })();
    const signal = await runChild(POINTS[cycles % POINTS.length]!);
    cycles++;
    if (signal === 'SIGKILL') kills++;
  }
  await runChild(null);
  const counts = sap.admin.counts();
  const notDone = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state != 'done'`).get() as { n: number }).n;
  const lost = ids.filter((id) => counts.creates[id] !== 1 && !(counts.creates[id]! > 1)).length;
  const readback = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE resolved_by = 'readback'`).get() as { n: number }).n;
  db.close();
  await sap.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const pass = counts.duplicates.length === 0 && lost === 0 && notDone === 0;
  return {
    pass,
    line: rowLine('T2', [
      inFlightFigure(sap),
      { name: 'duplicates', value: `${counts.duplicates.length}/${ids.length}`, target: '0' },
      { name: 'lost', value: lost, target: '0' },
      { name: 'kills', value: kills, target: String(o.kills) },
      { name: 'not_done', value: notDone, target: '0' },
      { name: 'resolved_by_readback', value: readback, report: true },
    ], pass),
  };
}
