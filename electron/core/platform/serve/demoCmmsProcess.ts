import path from 'node:path';
import { startReportingChild } from './reportingChild.ts';

export interface DemoCmmsProcess {
  name: string;
  url: string;
  adminUrl: string;
  /** The demo credential the sandbox accepts (stored in the workstation's secret store for the demo). */
  credential: string;
  stop(): Promise<void>;
}

/**
 * The demo credential each CMMS sandbox accepts, as electron/demo/cmms/runCmmsSandbox.ts reports it (ServiceNow:
 * basic auth `console:demo`; MaintainX: the API key `demo-key`). Known before the sandbox runs, so the core can
 * start with it while the sandbox itself starts later (demoChildren.ts); startDemoCmmsProcess checks the report.
 */
export const DEMO_CMMS_CREDENTIAL: Readonly<Record<'servicenow' | 'maintainx', string>> = { servicenow: 'console:demo', maintainx: 'demo-key' };

/** Where a CMMS sandbox told to listen on `port` serves its API and its admin API (runCmmsSandbox.ts, sandboxBase.ts). */
export function demoCmmsAddress(port: number): { url: string; adminUrl: string } {
  const url = `http://127.0.0.1:${port}`;
  return { url, adminUrl: `${url}/__sandbox` };
}

/**
 * Runs the demo CMMS sandbox (electron/demo/cmms/runCmmsSandbox.ts) as its own process, like the demo
 * plant: the core only ever sees an HTTP endpoint. It exits when our stdin pipe closes.
 * `lowPriority`: started beside a console that is still starting (demoChildren.ts), it yields the CPU.
 */
export async function startDemoCmmsProcess(repoRoot: string, kind: 'servicenow' | 'maintainx', options: { port?: number; lowPriority?: boolean } = {}): Promise<DemoCmmsProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'cmms', 'runCmmsSandbox.ts');
  const args = [script, kind, '--exit-with-parent'];
  if (options.port !== undefined) args.push('--port', String(options.port));
  const child = await startReportingChild(
    'The demo CMMS sandbox',
    args,
    (out) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line || !out.includes('\n')) return null;
      return JSON.parse(line) as { name: string; url: string; adminUrl: string; user?: string; password?: string; apiKey?: string };
    },
    undefined,
    { lowPriority: options.lowPriority },
  );
  const info = child.report;
  const credential = info.apiKey ?? `${info.user ?? ''}:${info.password ?? ''}`;
  if (credential !== DEMO_CMMS_CREDENTIAL[kind]) {
    await child.stop();
    throw new Error(`The demo CMMS sandbox (${kind}) accepts another credential than the one the console was given (DEMO_CMMS_CREDENTIAL in demoCmmsProcess.ts is out of step with runCmmsSandbox.ts).`);
  }
  return { name: info.name, url: info.url, adminUrl: info.adminUrl, credential, stop: child.stop };
}
