import fs from 'node:fs';
import path from 'node:path';
import { type DemoCmmsProcess, startDemoCmmsProcess } from './demoCmmsProcess.ts';
import { type DemoErpProcess, startDemoErpProcess } from './demoErpProcess.ts';
import { type DemoPlantProcess, freeLoopbackPort, startDemoPlantProcess } from './demoPlantProcess.ts';
import { defaultDataDir } from './serveArgs.ts';

/**
 * The demo plant, ERP and CMMS sandbox of `npm run serve` without --config, started as soon as the
 * arguments are read: before the core is imported. Each is its own Node process (the plant alone loads
 * node-opcua's server and the standard address space, about 3 s of CPU), so they start on the other core
 * while this process loads the console core. Started from runServe, after the core's import, the plant
 * reported about 7 s after `npm run serve` began even on a quiet machine, and the core then waited for it.
 *
 * A light module on purpose (node: built-ins, the three process starters and serveArgs.ts only): scripts/serve.ts imports
 * it before the core.
 */
export interface DemoChildren {
  /** The loopback port the plant was told to listen on (the core's endpoint override). */
  plantPort: number;
  plant: Promise<DemoPlantProcess>;
  erp: Promise<DemoErpProcess | null>;
  cmms: Promise<DemoCmmsProcess | null>;
  /** Stops whatever of the three started (each exits with this process anyway: --exit-with-parent). */
  stopAll(): Promise<void>;
}

/** What the demo configuration asks for, read from its JSON without the schema (the schema is checked by runServe). */
export function demoSystems(configPath: string): { plantId: string; erp: boolean; cmmsKind: 'servicenow' | 'maintainx' | null } {
  const raw = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { plant?: { id?: unknown }; erp?: unknown; cmms?: { kind?: unknown } };
  const kind = raw.cmms?.kind;
  return { plantId: String(raw.plant?.id ?? 'demo'), erp: raw.erp != null, cmmsKind: kind === 'servicenow' || kind === 'maintainx' ? kind : null };
}

export function demoConfigPath(repoRoot: string): string {
  return path.join(repoRoot, 'resources', 'demo-plant.json');
}

/**
 * The demo plant's own PKI (its OPC UA server certificate and key) lives in the data folder, so it is made on
 * the first start only: in a temporary folder, as before, node-opcua made a new key pair and self-signed
 * certificate on every start, and the console met a controller with a new certificate each time. Null (a
 * temporary folder, as before) when the folder cannot be made: runServe then refuses the data folder in words.
 */
export function demoPlantPkiDir(dataDir: string): string | null {
  const dir = path.join(dataDir, 'pki', 'demo-plant');
  try {
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return null;
  }
}

/** Starts the three demo systems side by side; the promises are awaited by runServe (a failure is its start refusal). */
export async function startDemoChildren(repoRoot: string, options: { configPath?: string; dataDir?: string } = {}): Promise<DemoChildren> {
  const configPath = options.configPath ?? demoConfigPath(repoRoot);
  const systems = demoSystems(configPath);
  const dataDir = options.dataDir ?? defaultDataDir(systems.plantId);
  const plantPort = await freeLoopbackPort();
  const plant = startDemoPlantProcess(repoRoot, { port: plantPort, pkiDir: demoPlantPkiDir(dataDir) ?? undefined });
  // The ERP and CMMS sandboxes share one process when the demo has both (startDemoErpProcess withCmms).
  const erpAndCmms = systems.erp ? startDemoErpProcess(repoRoot, { withCmms: systems.cmmsKind ?? undefined }) : null;
  const erp = erpAndCmms ?? Promise.resolve(null);
  const cmms = !systems.cmmsKind ? Promise.resolve(null) : erpAndCmms ? erpAndCmms.then((e) => e.cmms) : startDemoCmmsProcess(repoRoot, systems.cmmsKind);
  // Awaited later (runServe); a failure before then is not an unhandled rejection.
  for (const p of [plant, erp, cmms]) p.catch(() => undefined);
  return {
    plantPort,
    plant,
    erp,
    cmms,
    async stopAll() {
      await Promise.allSettled([plant, erp, cmms].map(async (p) => (await p.catch(() => null))?.stop()));
    },
  };
}
