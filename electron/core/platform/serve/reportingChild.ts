import { type ChildProcess, spawn } from 'node:child_process';

export interface ReportingChild<T> {
  /** What the child reported, parsed. */
  report: T;
  stop(): Promise<void>;
}

/**
 * How long a child may take to report that it listens before serve gives up. Generous on purpose: the wait
 * ends as soon as the child reports (readiness, not a clock); this limit only catches a child that hangs.
 * A fixed 20 s wait failed twice on a loaded machine while the plant was still starting.
 */
export const CHILD_READY_LIMIT_MS = 180_000;

/**
 * Starts a demo server (plant, ERP or CMMS sandbox) as its own Node process and waits until it reports
 * where it listens: `parse` is given the output so far and returns the report once it is complete.
 * Children are started with `--exit-with-parent`, so they exit when our stdin pipe closes and cannot
 * outlive serve mode even when it is killed hard.
 */
export function startReportingChild<T>(what: string, args: readonly string[], parse: (out: string) => T | null, limitMs = CHILD_READY_LIMIT_MS): Promise<ReportingChild<T>> {
  const child: ChildProcess = spawn(process.execPath, [...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(new Error(`${what} did not report where it listens within ${Math.round(limitMs / 1000)} s and was stopped. Output so far:\n${out}`));
    }, limitMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}) before reporting where it listens:\n${out}`));
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      let report: T | null;
      try {
        report = parse(out);
      } catch {
        report = null;
      }
      if (report === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.resume(); // keep draining so the child never blocks on a full pipe
      resolve({ report, stop });
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
