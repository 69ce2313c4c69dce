// serveMain.ts runServe: the address is served without waiting for the demo plant to report (issue 17, start).
// The plant took longer than the core (2.2-2.35 s against 1.85 s of CPU on two cores) and held back the
// printed address, and so the page's load, until it listened; now the page loads meanwhile and the console
// shows the plant's values once it is up. The core contacts the plant only once it reported (startCore's
// connectControllersAfter): its first try used to come at the end of its start, was refused by a plant still
// starting, and the next waited for the retry backoff (1 s, then 5 and 10 s) on the way to the first value.
// A real core and a real demo plant process, started late on the port the core was given. On the code as it
// was, runServe did not return before the plant reported (the first test timed out waiting for it), and a
// refused first try was logged as "Connecting to controller failed".
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoChildren } from '../../../../../electron/core/platform/serve/demoChildren.ts';
import { type DemoPlantProcess, freeLoopbackPort, startDemoPlantProcess } from '../../../../../electron/core/platform/serve/demoPlantProcess.ts';
import { runServe } from '../../../../../electron/core/platform/serve/serveMain.ts';
import { makeTempDir, repoRoot } from '../../../../fixtures/tempDir.ts';

const temps: { cleanup(): void }[] = [];
afterAll(() => temps.forEach((t) => t.cleanup()));

/** Demo children whose plant reports only when the test says so; no ERP or CMMS sandbox. */
async function heldChildren(): Promise<DemoChildren & { report(p: DemoPlantProcess): void; fail(e: Error): void }> {
  const plantPort = await freeLoopbackPort();
  let report!: (p: DemoPlantProcess) => void;
  let fail!: (e: Error) => void;
  const plant = new Promise<DemoPlantProcess>((res, rej) => {
    report = res;
    fail = rej;
  });
  plant.catch(() => undefined);
  return { plantPort, plant, erp: Promise.resolve(null), cmms: Promise.resolve(null), stopAll: async () => (await plant.catch(() => null))?.stop(), report, fail };
}

function dataDir(): string {
  const tmp = makeTempDir('serve-plant-late-');
  temps.push(tmp);
  const d = path.join(tmp.dir, 'data');
  fs.mkdirSync(d, { recursive: true });
  return d;
}

describe('serve with a demo plant that is still starting', () => {
  it('serves the address before the plant reports, contacts the plant once it is up and shows its values', async () => {
    const children = await heldChildren();
    const dir = dataDir();
    const running = await runServe({ repoRoot, version: 't', dataDir: dir, logLevel: 'warn', demoChildren: children });
    let plant: DemoPlantProcess | null = null;
    try {
      expect(running.refused).toBeNull();
      expect(running.demo?.endpointUrl).toBe(`opc.tcp://127.0.0.1:${children.plantPort}/UA/DemoPlant`);
      expect((await fetch(running.url)).status).toBeLessThan(500); // the page (or its absence in a tree never built) is answered now
      const firstValue = new Promise<void>((resolve) => {
        const sub = running.core.events.subscribe((stream, payload) => {
          const lines = (payload as { lines?: { good?: { value?: unknown } }[] }).lines;
          if (stream === 'live.lines' && lines?.some((l) => typeof l.good?.value === 'number')) {
            sub.dispose();
            resolve();
          }
        });
      });
      plant = await startDemoPlantProcess(repoRoot, { port: children.plantPort });
      children.report(plant);
      await running.demo!.ready;
      await firstValue;
    } finally {
      await running.stop();
    }
    const log = fs.readFileSync(path.join(dir, 'logs', 'console.log'), 'utf8');
    expect(log).not.toMatch(/Connecting to controller failed/);
  }, 180_000);

  it('says so when the plant fails after the address was printed', async () => {
    const children = await heldChildren();
    const running = await runServe({ repoRoot, version: 't', dataDir: dataDir(), logLevel: 'warn', demoChildren: children });
    try {
      children.fail(new Error('The demo plant exited (code 1) before reporting where it listens'));
      await expect(running.demo!.ready).rejects.toThrow(/exited \(code 1\)/);
    } finally {
      await running.stop();
    }
  }, 180_000);
});
