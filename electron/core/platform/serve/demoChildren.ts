import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CMMS_CREDENTIAL, type DemoCmmsProcess, demoCmmsAddress, startDemoCmmsProcess } from './demoCmmsProcess.ts';
import { type DemoErpProcess, startDemoErpProcess } from './demoErpProcess.ts';
import { type DemoPlantProcess, freeLoopbackPort, startDemoPlantProcess } from './demoPlantProcess.ts';
import { defaultDataDir } from './serveArgs.ts';

/**
 * The demo plant and ERP sandbox of `npm run serve` without --config, started as soon as the arguments are
 * read: before the core is imported (the CMMS sandbox later: DemoCmms). Each is its own Node process (the plant alone loads
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
  /** The CMMS sandbox, started late (DemoCmms); null when the demo configuration has no CMMS. */
  cmms: DemoCmms | null;
  /** Stops whatever of the three started (each exits with this process anyway: --exit-with-parent). */
  stopAll(): Promise<void>;
}

/**
 * The demo CMMS sandbox: its port is chosen at once, so its address and credential are known before it runs
 * and the core starts with them; its process starts when start() is first called. serveMain.ts calls it once
 * the console shows its first live value: the core reads nothing from the CMMS while it starts (cases poll it
 * every few minutes and post through the outbox, which waits for a CMMS that is not there yet, as for a real
 * one that is down), and its Node start (0.3-0.5 s of CPU) no longer competes with the plant, the core and the
 * renderer build for the two cores of a workstation. The ERP is not started late: the core reads the
 * production orders from it as it starts.
 */
export interface DemoCmms {
  name: 'servicenow' | 'maintainx';
  url: string;
  adminUrl: string;
  credential: string;
  /** Starts the sandbox (once; later calls return the same start). */
  start(options?: { lowPriority?: boolean }): Promise<DemoCmmsProcess>;
  /** Stops it if it was started. */
  stop(): Promise<void>;
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

/** Starts the demo plant and ERP side by side and plans the CMMS (DemoCmms); the promises are awaited by runServe (a failure is its start refusal). */
export async function startDemoChildren(repoRoot: string, options: { configPath?: string; dataDir?: string } = {}): Promise<DemoChildren> {
  const configPath = options.configPath ?? demoConfigPath(repoRoot);
  const systems = demoSystems(configPath);
  const dataDir = options.dataDir ?? defaultDataDir(systems.plantId);
  const plantPort = await freeLoopbackPort();
  const plant = startDemoPlantProcess(repoRoot, { port: plantPort, pkiDir: demoPlantPkiDir(dataDir) ?? undefined });
  const erp = systems.erp ? startDemoErpProcess(repoRoot) : Promise.resolve(null);
  const cmms = systems.cmmsKind ? lateCmms(repoRoot, systems.cmmsKind, await freeLoopbackPort()) : null;
  // Awaited later (runServe); a failure before then is not an unhandled rejection.
  for (const p of [plant, erp]) p.catch(() => undefined);
  return {
    plantPort,
    plant,
    erp,
    cmms,
    async stopAll() {
      await Promise.allSettled([...[plant, erp].map(async (p) => (await p.catch(() => null))?.stop()), cmms?.stop()]);
    },
  };
}

function lateCmms(repoRoot: string, kind: 'servicenow' | 'maintainx', port: number): DemoCmms {
  let started: Promise<DemoCmmsProcess> | null = null;
  return {
    name: kind,
    ...demoCmmsAddress(port),
    credential: DEMO_CMMS_CREDENTIAL[kind],
    start(options = {}) {
      started ??= startDemoCmmsProcess(repoRoot, kind, { port, lowPriority: options.lowPriority });
      return started;
    },
    async stop() {
      await (await started?.catch(() => null))?.stop();
    },
  };
}
