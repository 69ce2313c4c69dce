import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAudit } from '../../../electron/core/platform/audit/auditTrail.ts';
import { correctConfirmation } from '../../../electron/core/platform/erp/erpPayloads.ts';
import { getItem } from '../../../electron/core/platform/outbox/outboxRepo.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { outboxHandlers } from '../../../electron/core/features/outbox/outboxHandlers.ts';
import { backupTo } from '../../../electron/core/platform/storage/backup.ts';
import { checkPragmas, openDatabase, type WritableDb } from '../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';
import { startSapSandbox } from '../../../electron/demo/erp/sapSandbox.ts';
import { FakeClock, memoryLogger, memorySecrets, switchableOnline } from '../../fixtures/fakePorts.ts';
import { type Sandbox, confirmationPayload, demoOrderId, enqueueConfirmations, outboxRig, states } from '../../electron/core/platform/outbox/outboxFixture.ts';
import { startFaultProxy } from '../../support/faultProxy.ts';
import { inFlightFigure, p95, rowLine } from './report.ts';
import { demoErpConfig, shippedOutbox } from './shippedOutbox.ts';

type Row = { line: string; pass: boolean };
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-rows-'));
const until = async (pred: () => boolean, ms: number, step?: () => void) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) return false;
    step?.();
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
};
type SapRec = { OrderID: string; ExternalSystemConfirmation: string | null; ConfirmationYieldQuantity: string };

/** Out-of-order count: per order, the ERP's records must follow the enqueue order of our items. */
function outOfOrder(db: WritableDb, sandbox: Sandbox): number {
  const seqOf = new Map((db.prepare('SELECT id, seq FROM outbox').all() as { id: string; seq: number }[]).map((r) => [r.id, r.seq]));
  const lastByOrder = new Map<string, number>();
  let bad = 0;
  for (const r of sandbox.admin.records('confirmations') as SapRec[]) {
    if (!r.ExternalSystemConfirmation) continue;
    const seq = seqOf.get(r.ExternalSystemConfirmation)!;
    if ((lastByOrder.get(r.OrderID) ?? -1) > seq) bad++;
    lastByOrder.set(r.OrderID, seq);
  }
  return bad;
}

/** T4: every connection the core opens is WAL + synchronous=FULL, and a weaker one is named and refused. */
export function runT4(): Row {
  const dir = tmpDir();
  const repo = path.resolve(import.meta.dirname, '..', '..', '..');
  // Every place in the core that opens a SQLite connection.
  const factories: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && /new Database\(/.test(fs.readFileSync(p, 'utf8'))) factories.push(path.relative(repo, p));
    }
  };
  walk(path.join(repo, 'electron', 'core'));
  const opened = openDatabase(path.join(dir, 'a.db'));
  let bad = 0;
  if (!opened.ok) bad++;
  else {
    migrate(opened.db);
    opened.db.prepare(`INSERT INTO app_meta (key, value) VALUES ('t4', '1')`).run();
    if (Number(opened.db.pragma('synchronous', { simple: true })) !== 2 || String(opened.db.pragma('journal_mode', { simple: true })) !== 'wal') bad++;
    // The same handle downgraded is caught by the start-up check, which names the pragma.
    opened.db.pragma('synchronous = NORMAL');
    const problem = checkPragmas(opened.db);
    opened.db.close();
    if (!problem?.includes('synchronous')) bad++;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const pass = bad === 0 && factories.length === 1 && factories[0] === path.join('electron', 'core', 'platform', 'storage', 'db.ts');
  return { pass, line: rowLine('T4', [{ name: 'weak_connections', value: bad, target: '0' }, { name: 'connection_factories', value: factories.join(',') || 'none', report: true }], pass) };
}

/** T6: the ERP commits, then the connection resets, on every 10th confirmation. */
export async function runT6(n: number): Promise<Row> {
  const rig = await outboxRig({ dir: tmpDir(), clock: systemClock, batchSize: 50 });
  rig.sandbox.admin.addFault({ match: { op: 'changeset' }, action: { kind: 'resetAfterCommit' }, times: 0, everyNth: 10 });
  const ids = enqueueConfirmations(rig.db, n, Date.now());
  rig.hub.start();
  const ok = await until(() => states(rig.db).done === n, 120_000);
  const counts = rig.sandbox.admin.counts();
  const records = (rig.sandbox.admin.records('confirmations') as SapRec[]).length;
  const readbacks = rig.hub.worker('erp')!.counters.readBacks;
  const resolvedByReadback = ids.filter((id) => getItem(rig.db, id)!.resolvedBy === 'readback').length;
  await rig.close();
  const pass = ok && records === n && counts.duplicates.length === 0;
  return { pass, line: rowLine('T6', [inFlightFigure(rig.sandbox), { name: 'erp_records', value: ok ? records : 'timeout', target: `=${n}` }, { name: 'duplicates', value: counts.duplicates.length, target: '0' }, { name: 'readbacks', value: readbacks, report: true }, { name: 'items_resolved_by_readback', value: resolvedByReadback, report: true }], pass) };
}

/** T7: the ERP answers after twice the client timeout, but commits. */
export async function runT7(n: number): Promise<Row> {
  const timeoutMs = 200;
  // The settle delay must outlast the server's own execution (contracts §1): here up to two hung
  // changesets of 2 × timeout in one batch.
  const rig = await outboxRig({ dir: tmpDir(), clock: systemClock, batchSize: 10, timeoutMs, settleMs: 3_000 });
  rig.sandbox.admin.addFault({ match: { op: 'changeset' }, action: { kind: 'commitThenHang', respondAfterMs: 2 * timeoutMs }, times: 0, everyNth: 7 });
  const ids = enqueueConfirmations(rig.db, n, Date.now());
  const t0 = new Map(ids.map((id) => [id, Date.now()]));
  rig.hub.start();
  const ok = await until(() => states(rig.db).done === n, 120_000);
  const lat = ids.map((id) => getItem(rig.db, id)!.updatedAt - t0.get(id)!);
  const counts = rig.sandbox.admin.counts();
  await rig.close();
  const pass = ok && counts.duplicates.length === 0 && Object.keys(counts.creates).length === n;
  return { pass, line: rowLine('T7', [inFlightFigure(rig.sandbox), { name: 'duplicates', value: ok ? counts.duplicates.length : 'timeout', target: '0' }, { name: 'erp_records', value: Object.keys(counts.creates).length, target: `=${n}` }, { name: 'commit_to_done_p95_ms', value: p95(lat), report: true }], pass) };
}

/** T8: 20 minutes of 503/429 with Retry-After on the Clock port; rate capped, order kept, nothing lost. */
export async function runT8(outageMin: number, n: number): Promise<Row> {
  const clock = new FakeClock();
  const rig = await outboxRig({ dir: tmpDir(), clock, batchSize: 20, breaker: { failureThreshold: 3, openMs: 60_000 }, backoff: { baseMs: 2_000, capMs: 120_000 } });
  const orders = Array.from({ length: 10 }, (_, i) => demoOrderId(i));
  const ids = enqueueConfirmations(rig.db, n, clock.now(), { orders, yieldOf: (i) => i + 1 });
  rig.sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'status', status: 503, retryAfterS: 30 }, times: 0 });
  rig.sandbox.admin.addFault({ match: { op: 'csrf' }, action: { kind: 'rateLimit', retryAfterS: 30 }, times: 3 });
  rig.hub.start();
  const outageEnd = clock.now() + outageMin * 60_000;
  let maxPerMin = 0;
  let lastCount = 0;
  for (let t = 0; clock.now() < outageEnd; t++) {
    clock.advance(1_000);
    await rig.hub.whenIdle();
    if (t % 60 === 59) {
      const c = Object.values(rig.sandbox.admin.counts().requests).reduce((a, b) => a + b, 0);
      maxPerMin = Math.max(maxPerMin, c - lastCount);
      lastCount = c;
    }
  }
  const during = Object.values(rig.sandbox.admin.counts().requests).reduce((a, b) => a + b, 0);
  rig.sandbox.admin.clearFaults();
  const drainStart = clock.now();
  const ok = await until(() => states(rig.db).done === n, 60_000, () => clock.advance(1_000));
  const drainS = (clock.now() - drainStart) / 1000;
  const ooo = outOfOrder(rig.db, rig.sandbox);
  const lost = ids.filter((id) => rig.sandbox.admin.counts().creates[id] !== 1).length;
  await rig.close();
  const cap = 3; // calls per minute: Retry-After 30 s allows two, plus one half-open probe
  const pass = ok && lost === 0 && ooo === 0 && maxPerMin <= cap;
  return { pass, line: rowLine('T8', [inFlightFigure(rig.sandbox), { name: 'lost', value: ok ? lost : 'timeout', target: '0' }, { name: 'max_calls_per_min', value: maxPerMin, target: `≤${cap}` }, { name: 'out_of_order', value: ooo, target: '0' }, { name: 'calls_during_outage', value: during, report: true }, { name: 'drain_s', value: drainS, report: true }], pass) };
}

/** T9: a permanent business error is rejected at once, kept, and a person's corrected resend posts. */
export async function runT9(n: number): Promise<Row> {
  const rig = await outboxRig({ dir: tmpDir(), clock: systemClock });
  const bad = demoOrderId(20);
  rig.sandbox.admin.setOrder(bad, { closed: true });
  const ids = enqueueConfirmations(rig.db, n, Date.now(), { orders: [bad, demoOrderId(21), demoOrderId(22), demoOrderId(23)] });
  rig.hub.start();
  await until(() => (states(rig.db).done ?? 0) + (states(rig.db).rejected ?? 0) === n, 30_000);
  const rejected = ids.filter((id) => getItem(rig.db, id)!.state === 'rejected');
  const sendsPerRejected = Math.max(...rejected.map((id) => getItem(rig.db, id)!.attempts));
  const handlers = outboxHandlers({ db: rig.db, hub: rig.hub, describers: [], supersedeHooks: new Map(), correctors: new Map([['confirmation.post', (frozen, fields) => correctConfirmation(frozen, fields)]]) });
  const actor = { userId: 'anna', displayName: 'Anna', roles: ['supervisor' as const] };
  const resent: string[] = [];
  for (const id of rejected) {
    const r = await handlers['outbox.resend']({ id, reason: 'order moved to its successor', correction: { kind: 'confirmation.post', fields: { erpOrderId: demoOrderId(24) } } }, { actor, sessionId: 's', now: Date.now() });
    if (r.ok) resent.push(r.value.id);
  }
  await until(() => resent.every((id) => getItem(rig.db, id)!.state === 'done'), 30_000);
  const resentDone = resent.filter((id) => getItem(rig.db, id)!.state === 'done').length;
  const rows = (rig.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  const audited = (rig.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'outbox.resend'`).get() as { n: number } | undefined)?.n ?? 0;
  void recordAudit;
  await rig.close();
  const deleted = n + resent.length - rows;
  const pass = rejected.length > 0 && sendsPerRejected === 1 && deleted === 0 && resentDone === rejected.length && audited === rejected.length;
  return { pass, line: rowLine('T9', [inFlightFigure(rig.sandbox), { name: 'sends_per_rejected', value: sendsPerRejected, target: '=1' }, { name: 'deleted', value: deleted, target: '0' }, { name: 'resend_after_fix_done', value: `${resentDone}/${rejected.length}`, target: 'all' }, { name: 'resends_audited', value: `${audited}/${rejected.length}`, target: 'all' }], pass) };
}

/**
 * T10: a whole shift (8 h on the Clock port) with the ERP unreachable behind the fault proxy, then
 * again with the workstation offline; after recovery everything posts, in order per production order.
 */
export async function runT10(perHour: number): Promise<Row> {
  const out: { lost: number; ooo: number; maxDepth: number; drainS: number; attemptsOffline: number; pass: boolean }[] = [];
  for (const mode of ['proxy-down', 'offline'] as const) {
    const clock = new FakeClock();
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    const proxy = await startFaultProxy({ upstreamPort: sap.port });
    const db = openDatabase(path.join(tmpDir(), 'c.db'));
    if (!db.ok) throw new Error(db.error.message);
    migrate(db.db);
    const rig = await outboxRig({ dir: '', clock, db: db.db, sandbox: { ...sap, url: `http://127.0.0.1:${proxy.port}/sap/opu/odata/sap` } as Sandbox, batchSize: 50, breaker: { failureThreshold: 3, openMs: 60_000 }, backoff: { baseMs: 2_000, capMs: 300_000 } });
    if (mode === 'proxy-down') proxy.set({ kind: 'down' });
    else rig.online.set(false);
    rig.hub.start();
    const orders = Array.from({ length: 12 }, (_, i) => demoOrderId(40 + i, 2));
    const ids: string[] = [];
    let maxDepth = 0;
    for (let minute = 0; minute < 8 * 60; minute++) {
      if (minute % Math.max(1, Math.round(60 / perHour)) === 0) ids.push(...enqueueConfirmations(rig.db, 1, clock.now(), { orders: [orders[ids.length % orders.length]!], yieldOf: () => ids.length + 1 }));
      rig.hub.kick('erp');
      clock.advance(60_000);
      await rig.hub.whenIdle();
      maxDepth = Math.max(maxDepth, rig.hub.stats().targets.find((t) => t.target === 'erp')?.depth ?? 0);
    }
    const attemptsOffline = (rig.db.prepare('SELECT COALESCE(SUM(attempts), 0) AS n FROM outbox').get() as { n: number }).n;
    proxy.set({ kind: 'pass' });
    rig.online.set(true);
    const t0 = clock.now();
    const ok = await until(() => states(rig.db).done === ids.length, 120_000, () => clock.advance(5_000));
    const drainS = (clock.now() - t0) / 1000;
    const lost = ids.filter((id) => sap.admin.counts().creates[id] !== 1).length;
    const ooo = outOfOrder(rig.db, sap);
    await rig.close();
    await proxy.close();
    await sap.close();
    db.db.close();
    out.push({ lost: ok ? lost : ids.length, ooo, maxDepth, drainS, attemptsOffline: mode === 'offline' ? attemptsOffline : 0, pass: ok && lost === 0 && ooo === 0 && (mode !== 'offline' || attemptsOffline === 0) });
  }
  const pass = out.every((o) => o.pass);
  const [down, off] = out as [(typeof out)[0], (typeof out)[0]];
  return { pass, line: rowLine('T10', [{ name: 'lost', value: down.lost + off.lost, target: '0' }, { name: 'out_of_order', value: down.ooo + off.ooo, target: '0' }, { name: 'attempts_offline', value: off.attemptsOffline, target: '0' }, { name: 'max_depth', value: Math.max(down.maxDepth, off.maxDepth), report: true }, { name: 'drain_s', value: `${down.drainS}/${off.drainS}`, report: true }], pass) };
}

/** T37: VACUUM INTO while another connection keeps writing; the restored outbox equals the source at that point; restored `sending` is read back. */
export async function runT37(writes: number): Promise<Row> {
  const dir = tmpDir();
  const src = openDatabase(path.join(dir, 'src.db'));
  if (!src.ok) throw new Error(src.error.message);
  const db = src.db;
  migrate(db);
  enqueueConfirmations(db, 50, Date.now());
  db.prepare(`UPDATE outbox SET state = 'sending', attempts = 1, first_sent_at = created_at WHERE seq % 5 = 0`).run();
  // Enough rows that VACUUM INTO takes a while, then a second connection (a worker thread) commits
  // confirmations without pause while the backup runs on this one.
  enqueueConfirmations(db, Math.max(600, writes * 3), Date.now());
  const backup = path.join(dir, 'backup.db');
  const shared = new SharedArrayBuffer(8);
  const commits = new Int32Array(shared);
  const writer = new Worker(new URL('./t37Writer.ts', import.meta.url), { workerData: { file: path.join(dir, 'src.db'), shared, max: writes * 100 } });
  const writerDone = new Promise<void>((resolve, reject) => (writer.once('exit', () => resolve()), writer.once('error', reject)));
  await until(() => Atomics.load(commits, 0) >= 3, 30_000);
  const before = Atomics.load(commits, 0);
  backupTo(db, backup);
  const written = (Atomics.load(commits, 0) - before) * 5;
  Atomics.store(commits, 1, 1);
  await writerDone;
  // The backup is the source as it stood when VACUUM INTO began its read: every row it holds is the
  // source's row, unchanged, and it holds every row up to its last one (a prefix, nothing torn).
  const backupRows = (() => {
    const b = openDatabase(backup);
    if (!b.ok) throw new Error(b.error.message);
    const rows = b.db.prepare('SELECT * FROM outbox ORDER BY seq').all() as { seq: number }[];
    b.db.close();
    return rows;
  })();
  const lastSeq = backupRows.at(-1)?.seq ?? 0;
  const snapshot = db.prepare('SELECT * FROM outbox WHERE seq <= ? ORDER BY seq').all(lastSeq);
  // Restore into a fresh profile and start the outbox there.
  const fresh = path.join(dir, 'profile');
  fs.mkdirSync(fresh);
  fs.copyFileSync(backup, path.join(fresh, 'console.db'));
  const restored = openDatabase(path.join(fresh, 'console.db'));
  if (!restored.ok) throw new Error(restored.error.message);
  const rdb = restored.db;
  const integrity = String(rdb.pragma('integrity_check', { simple: true }));
  const after = rdb.prepare('SELECT * FROM outbox ORDER BY seq').all();
  const differing = Math.abs(after.length - snapshot.length) + after.filter((r, i) => JSON.stringify(r) !== JSON.stringify(snapshot[i])).length;
  const sendingIds = (rdb.prepare(`SELECT id FROM outbox WHERE state = 'sending'`).all() as { id: string }[]).map((r) => r.id);
  const sap = await startSapSandbox({ minOrderGapMs: 0 });
  // Half of the items in `sending` had reached the ERP before the backup was taken.
  const reached = sendingIds.filter((_, i) => i % 2 === 0);
  const { hub, erp } = shippedOutbox(rdb, demoErpConfig(sap.url, { settleSec: 0, processingLimitSec: 0, minOrderGapSec: 0 }), { logger: memoryLogger(), pacing: { pollMs: 60_000, backoff: { baseMs: 5, capMs: 20 } } });
  const pre = await erp!.adapter.send(reached.map((id) => ({ id, kind: 'confirmation.post' as const, orderingKey: 'x', payload: JSON.parse(getItem(rdb, id)!.payload) as unknown, firstSentAt: 0, attempts: 1 })));
  hub.start();
  const needsCheckAtStart = (rdb.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'needs_check'`).get() as { n: number }).n;
  const drained = await until(() => states(rdb).done === after.length, 180_000);
  const resendsWithoutReadback = reached.filter((id) => sap.admin.counts().creates[id] !== 1).length + sap.admin.counts().duplicates.length;
  hub.dispose();
  await sap.close();
  rdb.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const pass = drained && written > 0 && integrity === 'ok' && differing === 0 && needsCheckAtStart === sendingIds.length && resendsWithoutReadback === 0 && pre.every((p) => p.kind === 'done');
  return { pass, line: rowLine('T37', [inFlightFigure(sap), { name: 'integrity_ok', value: integrity === 'ok' ? '1/1' : '0/1', target: '100%' }, { name: 'rows_differing', value: differing, target: '0' }, { name: 'resends_without_readback', value: resendsWithoutReadback, target: '0' }, { name: 'restored_sending_to_needs_check', value: `${needsCheckAtStart}/${sendingIds.length}`, report: true }, { name: 'writes_during_backup', value: written, target: '>0' }], pass) };
}

export { randomUUID };
