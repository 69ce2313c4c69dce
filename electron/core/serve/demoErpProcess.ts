import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface DemoErpProcess {
  /** Base URL for the ERP adapter (`…/sap/opu/odata/sap`). */
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs the demo ERP (the SAP sandbox, electron/demo/erp/runErpSandbox.ts) as its own process, as a
 * real ERP would be: the core only sees an HTTP endpoint. Like the demo plant, it exits when our
 * stdin pipe closes, so it cannot outlive serve mode.
 */
export function startDemoErpProcess(repoRoot: string): Promise<DemoErpProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'erp', 'runErpSandbox.ts');
  const child: ChildProcess = spawn(process.execPath, [script, 'sap', '--port', '0', '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The demo ERP did not report its address within 20 s. Output so far:\n${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{') && l.includes('"sap"'));
      if (!line) return;
      let info: { url?: unknown; adminUrl?: unknown };
      try {
        info = JSON.parse(line) as typeof info;
      } catch {
        return;
      }
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      const url = String(info.url);
      const adminUrl = String(info.adminUrl);
      // For people and the end-to-end test: where to script faults or take the ERP down.
      process.stdout.write(`Demo ERP (SAP sandbox): ${url}  admin: ${adminUrl}\n`);
      resolve({
        url,
        adminUrl,
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
      reject(new Error(`The demo ERP exited (code ${code}) before reporting its address:\n${out}`));
    });
  });
}
