import { type ChildProcess, spawn } from 'node:child_process';

export interface ReportingChild<T> {
  /** What the child reported, parsed. */
  report: T;
  stop(): Promise<void>;
}

/**
 * Starts a demo server (plant, ERP or CMMS sandbox) as its own Node process and waits until it reports
 * where it listens: `parse` is given the output so far and returns the report once it is complete.
 * Children are started with `--exit-with-parent`, so they exit when our stdin pipe closes and cannot
 * outlive serve mode even when it is killed hard.
 */
export function startReportingChild<T>(what: string, args: readonly string[], parse: (out: string) => T | null, timeoutMs = 20_000): Promise<ReportingChild<T>> {
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
      child.kill();
      reject(new Error(`${what} did not report where it listens within ${timeoutMs / 1000} s. Output so far:\n${out}`));
    }, timeoutMs);
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
