import path from 'node:path';
import { type DemoCmmsProcess, parseCmmsReport } from './demoCmmsProcess.ts';
import { startReportingChild } from './reportingChild.ts';

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
 *
 * `withCmms`: the same process also runs that demo CMMS sandbox (`--cmms`, on a port of its own, as
 * runCmmsSandbox.ts would): one Node start instead of two, about 0.4 s of CPU less while the console starts
 * (issue 17). Both are up before the core starts, as before: the core checks both connections and reads the
 * ERP's orders as it starts. Stopping either stops the process.
 */
export async function startDemoErpProcess(repoRoot: string, options: { withCmms?: 'servicenow' | 'maintainx' } = {}): Promise<DemoErpProcess & { cmms: DemoCmmsProcess | null }> {
  const script = path.join(repoRoot, 'electron', 'demo', 'erp', 'runErpSandbox.ts');
  const args = [script, 'sap', '--port', '0', '--exit-with-parent'];
  if (options.withCmms) args.push('--cmms', options.withCmms);
  const child = await startReportingChild(options.withCmms ? 'The demo ERP and CMMS sandbox' : 'The demo ERP', args, (out) => {
    const lines = out.split('\n');
    const line = lines.find((l) => l.startsWith('{') && l.includes('"sap"'));
    if (!line) return null;
    const info = JSON.parse(line) as { url?: unknown; adminUrl?: unknown };
    const erp = { url: String(info.url), adminUrl: String(info.adminUrl) };
    if (!options.withCmms) return { erp, cmms: null };
    // Complete lines only (the last one may be cut); the CMMS's line names it.
    const cmmsLine = lines.slice(0, -1).find((l) => l.startsWith('{') && l.includes(`"name":"${options.withCmms}"`));
    const cmms = cmmsLine ? parseCmmsReport(`${cmmsLine}\n`) : null;
    return cmms ? { erp, cmms } : null;
  });
  // For people and the end-to-end test: where to script faults or take the ERP down.
  const { erp, cmms } = child.report;
  process.stdout.write(`Demo ERP (SAP sandbox): ${erp.url}  admin: ${erp.adminUrl}\n`);
  return { ...erp, cmms: cmms ? { ...cmms, stop: child.stop } : null, stop: child.stop };
}
