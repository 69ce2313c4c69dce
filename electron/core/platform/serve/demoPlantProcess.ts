import net from 'node:net';
import path from 'node:path';
import { startReportingChild } from './reportingChild.ts';

/** A free loopback port, so the plant and the core can start side by side instead of one after the other. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface DemoPlantProcess {
  endpointUrl: string;
  stop(): Promise<void>;
}

/** Runs the demo plant (electron/demo/runDemoPlant.ts) as its own process, as a real controller would be: the core only ever sees an OPC UA endpoint. */
export async function startDemoPlantProcess(repoRoot: string, options: { tickMs?: number; port?: number; pkiDir?: string } = {}): Promise<DemoPlantProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'runDemoPlant.ts');
  const args = [script, '--port', String(options.port ?? 0), '--exit-with-parent'];
  if (options.tickMs) args.push('--tick-ms', String(options.tickMs));
  if (options.pkiDir) args.push('--pki-dir', options.pkiDir);
  const child = await startReportingChild('The demo plant', args, (out) => /opc\.tcp:\/\/\S+/.exec(out)?.[0] ?? null);
  return { endpointUrl: child.report, stop: child.stop };
}
