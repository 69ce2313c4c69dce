import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createNodePorts } from '../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../electron/core/startCore.ts';
import { backupIfDue } from '../../../electron/core/platform/storage/backup.ts';
import { readSidecar } from '../../../electron/core/platform/storage/dbIdentity.ts';
import { mountSmallFs, type SmallFs } from '../../electron/core/platform/storage/smallFs.ts';

/**
 * The storage part of issue 14's fault matrix. Every row damages the data folder the way it happens on a
 * plant floor, then starts the console the way a person does (`scripts/serve.ts`, a real
 * child process, the plant configuration given with --config) and reads what it prints: a start, or one refusal in plain words; never a stack trace.
 * Acknowledged means a command answered ok (a sign-in, which writes an audit record in its transaction).
 */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const demoConfig = path.join(repoRoot, 'resources', 'demo-plant.json');

export interface RowResult {
  row: string;
  pass: boolean;
  line: string;
}

export interface ServeRun {
  started: boolean;
  code: number | null;
  output: string;
  /** What the console said when it refused (after "The console did not start."), or ''. */
  refusal: string;
}

/**
 * Runs `npm run serve -- --config <the demo plant's configuration>` (scripts/serve.ts) on `dataDir` and
 * stops it again at once when it starts. With --config serve starts no demo processes, as on a plant: the
 * row is about storage, and a demo plant slow to start on a loaded machine is not.
 */
export async function serve(dataDir: string, args: readonly string[] = [], timeoutMs = 240_000): Promise<ServeRun> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.ts', '--config', demoConfig, '--data-dir', dataDir, '--port', '0', '--log-level', 'warn', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let started = false;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await Promise.race([
    exited,
    new Promise<void>((resolve) => {
      const check = () => {
        if (/Ready in \d+ ms/.test(output)) {
          started = true;
          resolve();
        }
      };
      child.stdout?.on('data', check);
    }),
  ]);
  // Serve keeps running after a refusal too (its page shows the message): it started only without one.
  if (output.includes('The console did not start.')) started = false;
  // Stopped as a person would, not within the same millisecond: pino's file stream may still be opening
  // then, and stopping at that moment throws "sonic boom is not ready yet" (a logger/shutdown matter,
  // reported separately, not a storage one).
  if (/Ready in \d+ ms/.test(output)) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    child.kill('SIGINT');
  }
  const code = await exited;
  clearTimeout(timer);
  const at = output.indexOf('The console did not start.');
  const refusal = at >= 0 ? output.slice(at + 'The console did not start.'.length).trim().split('\n')[0]!.trim() : '';
  return { started, code, output, refusal };
}

/** A stack frame, a raw SQLite error name or a JSON blob in what a person reads. */
export function unreadable(run: ServeRun): string | null {
  if (/^\s+at .+[(:]\d+/m.test(run.output)) return 'a stack trace';
  if (/SqliteError|SQLITE_[A-Z]+/.test(run.refusal)) return 'a raw SQLite error';
  if (/[{}]/.test(run.refusal)) return 'JSON';
  return null;
}

/** Signs in and out `n` times through the real core as serve runs it; returns the acknowledged sign-ins. */
export async function seed(dataDir: string, n: number): Promise<number> {
  fs.mkdirSync(dataDir, { recursive: true });
  // The Node ports as serve builds them, with their log file outside the data folder: pino keeps it open
  // after dispose, and an open file would keep a small file system from being remounted read-only.
  const ports = createNodePorts({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-seed-ports-')), logLevel: 'warn', echoToStderr: false });
  const core = await startCore({ configPath: demoConfig, dataDir, host: 'serve', version: 'reliability' }, ports);
  const s = core.openSession();
  let acked = 0;
  try {
    for (let i = 0; i < n; i++) {
      const r = await core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, s);
      if (r.ok) acked++;
      await core.dispatch('auth.signOut', {}, s);
    }
  } finally {
    await core.dispose();
    ports.dispose();
  }
  return acked;
}

/** Acknowledged sign-ins found in a database file (read-only). */
export function signInsIn(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'audit_log'").get()) return 0;
    return (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.signIn' AND outcome = 'ok'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A backup now, in the console's own backups folder (as the daily one would be). */
export function backupNow(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'console.db'));
  try {
    const made = backupIfDue(db as never, dataDir, Date.now(), { everyMs: 0, keep: 3 });
    if (!made) throw new Error('no backup made');
    return made;
  } finally {
    db.close();
  }
}

const dbOf = (dir: string) => path.join(dir, 'console.db');
const rmSide = (dir: string) => ['-wal', '-shm'].forEach((s) => fs.rmSync(`${dbOf(dir)}${s}`, { force: true }));
const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

function check(row: string, ok: boolean, line: string, run?: ServeRun): RowResult {
  const bad = run ? unreadable(run) : null;
  return { row, pass: ok && !bad, line: `${row}: ${ok && !bad ? 'PASS' : 'FAIL'} — ${line}${bad ? ` [shown to a person: ${bad}]` : ''}${!ok && run ? `\n--- output ---\n${run.output.slice(-3000)}` : ''}` };
}

export async function rowZeroByte(base: string): Promise<RowResult> {
  const dir = path.join(base, 'zero');
  const acked = await seed(dir, 20);
  const backup = backupNow(dir);
  fs.truncateSync(dbOf(dir), 0);
  rmSide(dir);
  const refused = await serve(dir);
  const ok1 = !refused.started && refused.refusal.includes('is empty (0 bytes)') && refused.refusal.includes(backup) && refused.refusal.includes('--accept-new-database');
  const inBackup = signInsIn(backup);
  const accepted = await serve(dir, ['--accept-new-database']);
  return check('0-byte database', ok1 && accepted.started && inBackup === acked, `refused: "${short(refused.refusal)}"; newest backup holds ${inBackup}/${acked} acknowledged sign-ins; with --accept-new-database: ${accepted.started ? 'started on a new database' : 'did not start'}`, ok1 ? accepted : refused);
}

async function damagedRow(base: string, name: string, damage: (file: string) => void): Promise<RowResult> {
  const dir = path.join(base, name.replace(/\W+/g, '-'));
  const acked = await seed(dir, 60);
  const backup = backupNow(dir);
  damage(dbOf(dir));
  const refused = await serve(dir);
  const ok1 = !refused.started && refused.refusal.startsWith(`The database at ${dbOf(dir)} is damaged. Restore the last backup: ${backup}`);
  // Do what the message says.
  fs.copyFileSync(backup, dbOf(dir));
  rmSide(dir);
  const restored = await serve(dir);
  const kept = signInsIn(dbOf(dir));
  return check(name, ok1 && restored.started && kept === acked, `refused: "${short(refused.refusal, 120)}"; after restoring as told: ${restored.started ? 'started' : 'did not start'}, ${kept}/${acked} acknowledged sign-ins present`, ok1 ? restored : refused);
}

export const rowTruncated = (base: string) => damagedRow(base, 'truncated database', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 3)));

export const rowCorrupted = (base: string) =>
  damagedRow(base, 'bytes corrupted in the middle', (f) => {
    const size = fs.statSync(f).size;
    const fd = fs.openSync(f, 'r+');
    fs.writeSync(fd, Buffer.alloc(16_384, 0x5a), 0, 16_384, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
  });

export async function rowForeign(base: string): Promise<RowResult> {
  const ours = path.join(base, 'ours');
  const theirs = path.join(base, 'theirs');
  await seed(ours, 10);
  const theirAcked = await seed(theirs, 4);
  fs.copyFileSync(dbOf(theirs), dbOf(ours));
  rmSide(ours);
  const refused = await serve(ours);
  const ok1 = !refused.started && refused.refusal.includes("is not the one this console last used: it is another console's database") && refused.refusal.includes('--accept-database-change');
  const accepted = await serve(ours, ['--accept-database-change']);
  const present = signInsIn(dbOf(ours));
  return check("foreign database (another console's)", ok1 && accepted.started && present === theirAcked, `refused: "${short(refused.refusal)}"; with --accept-database-change: ${accepted.started ? 'started on it' : 'did not start'} (${present}/${theirAcked} of its sign-ins)`, ok1 ? accepted : refused);
}

/** kill -9 of a writer with WAL not yet checkpointed; then (a) WAL kept, (b) WAL deleted. */
export async function rowDeletedWal(base: string): Promise<RowResult> {
  const dir = path.join(base, 'wal');
  // A console that has run before: its main file holds what the last clean stop checkpointed.
  const seeded = await seed(dir, 5);
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'storageWalWriter.ts'), dir, demoConfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const t0 = Date.now();
  // Long enough for the sidecar to follow the audit head (one 5 s probe) and for many acknowledged writes.
  while (Date.now() - t0 < 120_000 && !(out.includes('READY') && Date.now() - t0 > 9000 && (out.match(/^ACK /gm)?.length ?? 0) >= 50)) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  await exited;
  const acked = Math.max(0, ...[...out.matchAll(/^ACK (\d+)$/gm)].map((m) => Number(m[1])));
  const walBytes = fs.existsSync(`${dbOf(dir)}-wal`) ? fs.statSync(`${dbOf(dir)}-wal`).size : 0;
  const sidecarCount = readSidecar(dir)?.auditCount ?? -1;
  const keep = path.join(base, 'wal-kept');
  fs.cpSync(dir, keep, { recursive: true });
  const a = await serve(keep);
  const presentA = signInsIn(dbOf(keep));
  fs.rmSync(`${dbOf(dir)}-wal`);
  const b = await serve(dir);
  const lostB = signInsIn(dbOf(dir));
  const okA = a.started && presentA >= seeded + acked;
  const okB = !b.started && ((b.refusal.includes('is older than the one this console last used') && b.refusal.includes('--accept-database-change')) || (b.refusal.includes('is empty') && b.refusal.includes('--accept-new-database')));
  const bad = unreadable(a) ?? unreadable(b);
  const line = `${seeded} sign-ins checkpointed by a clean stop, then ${acked} acknowledged before kill -9 (WAL ${Math.round(walBytes / 1024)} KB, sidecar audit head ${sidecarCount}); (a) WAL kept: ${a.started ? 'started' : 'did not start'}, ${presentA}/${seeded + acked} present; (b) WAL deleted: ${lostB}/${seeded + acked} left in the file, ${b.started ? 'STARTED SILENTLY' : `refused: "${short(b.refusal, 200)}"`}`;
  const pass = okA && okB && !bad;
  return { row: 'deleted WAL after kill -9', pass, line: `deleted WAL after kill -9: ${pass ? 'PASS' : 'FAIL'} — ${line}${bad ? ` [shown to a person: ${bad}]` : ''}${pass ? '' : `\n--- writer ---\n${out.slice(-1500)}\n--- (a) ---\n${a.output.slice(-2000)}\n--- (b) ---\n${b.output.slice(-2000)}`}` };
}

export function smallFs(base: string, sizeMb: number): SmallFs | null {
  const m = mountSmallFs(base, sizeMb);
  if (!m) process.stdout.write('\n*** STORAGE FAULT MATRIX: a small file system could not be mounted (needs root); disk-full and read-only rows NOT RUN ***\n\n');
  return m;
}

export async function rowDiskFull(base: string): Promise<RowResult> {
  const m = smallFs(base, 64);
  if (!m) return { row: 'disk full', pass: false, line: 'disk full: NOT RUN — cannot mount a small file system' };
  try {
    const dir = path.join(m.dir, 'data');
    let acked = await seed(dir, 5);
    // While running: the disk fills, commands are refused in words, the console recovers by itself.
    const ports = createNodePorts({ dataDir: dir, logLevel: 'warn', echoToStderr: false });
    const core = await startCore({ configPath: demoConfig, dataDir: dir, host: 'serve', version: 'reliability' }, ports);
    const statuses: { state: string; message: string | null }[] = [];
    core.events.subscribe((stream, p) => void (stream === 'system.storage' && statuses.push(p as { state: string; message: string | null })));
    const s = core.openSession();
    const signIn = () => core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, s);
    const answers: string[] = [];
    let refusedOk = 0;
    let recovered = false;
    try {
      for (let i = 0; i < 5; i++) if ((await signIn()).ok && (await core.dispatch('auth.signOut', {}, s)).ok) acked++;
      m.fill(0);
      for (let i = 0; i < 5; i++) {
        const r = await signIn();
        if (r.ok) {
          acked++;
          await core.dispatch('auth.signOut', {}, s);
        } else {
          answers.push(`${r.error.code}: ${r.error.message}`);
          if (r.error.code === 'UNAVAILABLE' && /^The disk is full at .+: \d+ MB needed\./.test(r.error.message)) refusedOk++;
        }
      }
      m.free();
      const until = Date.now() + 30_000;
      while (Date.now() < until && statuses.at(-1)?.state !== 'ok') await new Promise((r) => setTimeout(r, 200));
      recovered = statuses.at(-1)?.state === 'ok';
      for (let i = 0; i < 5; i++) if ((await signIn()).ok && (await core.dispatch('auth.signOut', {}, s)).ok) acked++;
    } finally {
      m.free();
      await core.dispose();
      ports.dispose();
    }
    // A restart on a full disk is refused, not reported as a start that sign-in then fails.
    m.fill(0);
    const full = await serve(dir);
    m.free();
    const after = await serve(dir);
    const present = signInsIn(dbOf(dir));
    const sawFull = statuses.some((x) => x.state === 'full' && /^The disk is full at /.test(x.message ?? ''));
    const okRestart = !full.started && /^The disk is full at .+: \d+ MB needed\./.test(full.refusal);
    const pass = refusedOk === answers.length && answers.length > 0 && sawFull && recovered && okRestart && after.started && present === acked;
    const bad = unreadable(full) ?? unreadable(after);
    return {
      row: 'disk full',
      pass: pass && !bad,
      line: `disk full (64 MB tmpfs, filled): ${pass && !bad ? 'PASS' : 'FAIL'} — while running ${answers.length} sign-ins refused (${refusedOk} as "${short(answers[0] ?? '', 110)}"), banner status ${sawFull ? 'shown' : 'NOT shown'}, ${recovered ? 'recovered by itself when space returned' : 'did NOT recover'}; restart on the full disk: ${full.started ? 'STARTED' : `refused "${short(full.refusal, 110)}"`}; after freeing: ${after.started ? 'started' : 'did not start'}; ${present}/${acked} acknowledged sign-ins present${bad ? ` [shown to a person: ${bad}]` : ''}${pass ? '' : `\n--- answers ---\n${answers.join('\n')}\n--- restart ---\n${full.output.slice(-2000)}\n--- after ---\n${after.output.slice(-2000)}`}`,
    };
  } finally {
    m.unmount();
  }
}

export async function rowReadOnly(base: string): Promise<RowResult> {
  const m = smallFs(base, 64);
  if (!m) return { row: 'read-only data folder', pass: false, line: 'read-only data folder: NOT RUN — cannot mount a small file system' };
  try {
    const dir = path.join(m.dir, 'data');
    const acked = await seed(dir, 5);
    m.readOnly();
    const ro = await serve(dir);
    m.writable();
    const after = await serve(dir);
    const present = signInsIn(dbOf(dir));
    const ok = !ro.started && ro.refusal.includes(`The data folder ${dir} is read-only`) && after.started && present === acked;
    return check('read-only data folder (tmpfs remounted ro; chmod does not stop root)', ok, `refused: "${short(ro.refusal, 140)}"; writable again: ${after.started ? 'started' : 'did not start'}; ${present}/${acked} acknowledged sign-ins present`, ok ? after : ro);
  } finally {
    m.unmount();
  }
}
