import path from 'node:path';
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
 */
export async function startDemoErpProcess(repoRoot: string): Promise<DemoErpProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'erp', 'runErpSandbox.ts');
  const child = await startReportingChild('The demo ERP', [script, 'sap', '--port', '0', '--exit-with-parent'], (out) => {
    const line = out.split('\n').find((l) => l.startsWith('{') && l.includes('"sap"'));
    if (!line) return null;
    const info = JSON.parse(line) as { url?: unknown; adminUrl?: unknown };
    return { url: String(info.url), adminUrl: String(info.adminUrl) };
  });
  // For people and the end-to-end test: where to script faults or take the ERP down.
  process.stdout.write(`Demo ERP (SAP sandbox): ${child.report.url}  admin: ${child.report.adminUrl}\n`);
  return { ...child.report, stop: child.stop };
}
