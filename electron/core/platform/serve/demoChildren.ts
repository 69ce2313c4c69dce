import fs from 'node:fs';
import path from 'node:path';
import { type DemoCmmsProcess, startDemoCmmsProcess } from './demoCmmsProcess.ts';
import { type DemoErpProcess, startDemoErpProcess } from './demoErpProcess.ts';
import { type DemoPlantProcess, freeLoopbackPort, startDemoPlantProcess } from './demoPlantProcess.ts';

/**
 * The demo plant, ERP and CMMS sandbox of `npm run serve` without --config, started as soon as the
 * arguments are read: before the core is imported. Each is its own Node process (the plant alone loads
 * node-opcua's server and the standard address space, about 3 s of CPU), so they start on the other core
 * while this process loads the console core. Started from runServe, after the core's import, the plant
 * reported about 7 s after `npm run serve` began even on a quiet machine, and the core then waited for it.
 *
 * A light module on purpose (node: built-ins and the three process starters only): scripts/serve.ts imports
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
export function demoSystems(configPath: string): { erp: boolean; cmmsKind: 'servicenow' | 'maintainx' | null } {
  const raw = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { erp?: unknown; cmms?: { kind?: unknown } };
  const kind = raw.cmms?.kind;
  return { erp: raw.erp != null, cmmsKind: kind === 'servicenow' || kind === 'maintainx' ? kind : null };
}

export function demoConfigPath(repoRoot: string): string {
  return path.join(repoRoot, 'resources', 'demo-plant.json');
}

/** Starts the three demo systems side by side; the promises are awaited by runServe (a failure is its start refusal). */
export async function startDemoChildren(repoRoot: string, configPath = demoConfigPath(repoRoot)): Promise<DemoChildren> {
  const systems = demoSystems(configPath);
  const plantPort = await freeLoopbackPort();
  const plant = startDemoPlantProcess(repoRoot, { port: plantPort });
  const erp = systems.erp ? startDemoErpProcess(repoRoot) : Promise.resolve(null);
  const cmms = systems.cmmsKind ? startDemoCmmsProcess(repoRoot, systems.cmmsKind) : Promise.resolve(null);
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
