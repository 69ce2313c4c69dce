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
 * Runs the demo CMMS sandbox (electron/demo/cmms/runCmmsSandbox.ts) as its own process, like the demo
 * plant: the core only ever sees an HTTP endpoint. It exits when our stdin pipe closes.
 */
export async function startDemoCmmsProcess(repoRoot: string, kind: 'servicenow' | 'maintainx'): Promise<DemoCmmsProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'cmms', 'runCmmsSandbox.ts');
  const child = await startReportingChild('The demo CMMS sandbox', [script, kind, '--exit-with-parent'], parseCmmsReport);
  return { ...child.report, stop: child.stop };
}

/** The sandbox's JSON line (electron/demo/cmms/demoCmmsSandbox.ts) once it is complete; null before. */
export function parseCmmsReport(out: string): Omit<DemoCmmsProcess, 'stop'> | null {
  const line = out.split('\n').find((l) => l.startsWith('{'));
  if (!line || !out.includes('\n')) return null;
  const info = JSON.parse(line) as { name: string; url: string; adminUrl: string; user?: string; password?: string; apiKey?: string };
  return { name: info.name, url: info.url, adminUrl: info.adminUrl, credential: info.apiKey ?? `${info.user ?? ''}:${info.password ?? ''}` };
}
