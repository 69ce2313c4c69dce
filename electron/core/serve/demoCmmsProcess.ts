import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface DemoCmmsProcess {
  name: string;
  url: string;
  adminUrl: string;
  /** The demo credential the sandbox accepts (stored in the workstation's secret store for the demo). */
  credential: string;
  stop(): Promise<void>;
}

/**
 * Runs the demo CMMS sandbox (electron/demo/cmms/runCmmsSandbox.ts) as its own process, like the demo
 * plant: the core only ever sees an HTTP endpoint. It exits when our stdin pipe closes.
 */
export function startDemoCmmsProcess(repoRoot: string, kind: 'servicenow' | 'maintainx'): Promise<DemoCmmsProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'cmms', 'runCmmsSandbox.ts');
  const child: ChildProcess = spawn(process.execPath, [script, kind, '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The demo CMMS sandbox did not start within 20 s. Output so far:\n${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line || !out.includes('\n')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      const info = JSON.parse(line) as { name: string; url: string; adminUrl: string; user?: string; password?: string; apiKey?: string };
      resolve({
        name: info.name,
        url: info.url,
        adminUrl: info.adminUrl,
        credential: info.apiKey ?? `${info.user ?? ''}:${info.password ?? ''}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo CMMS sandbox exited (code ${code}) before it started:\n${out}`));
    });
  });
}
