// The demo plant, ERP and CMMS that `npm run serve` starts without --config (platform/serve/demoChildren.ts):
// real processes, real loopback ports. The plant's PKI (its OPC UA server key pair and certificate) is kept in
// the data folder, so a second start uses the certificate of the first instead of making a new key pair. On the
// code as it was (the plant's PKI in a fresh temporary folder per start) there was no certificate in the data
// folder and each start presented another one: this fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { demoPlantPkiDir, demoSystems, startDemoChildren } from '../../../../../electron/core/platform/serve/demoChildren.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-children-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function certificatesIn(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(pem|der)$/.test(e.name) && full.includes(`${path.sep}own${path.sep}`)) found.push(fs.readFileSync(full).toString('base64'));
    }
  };
  walk(dir);
  return found.sort();
}

it('reads what the demo configuration asks for without the schema', () => {
  expect(demoSystems(path.join(repoRoot, 'resources', 'demo-plant.json'))).toEqual({ plantId: 'demo', erp: true, cmmsKind: 'servicenow' });
});

it('starts plant and ERP side by side, the CMMS where it said it would listen, and the plant keeps its certificate in the data folder across starts', async () => {
  const first = await startDemoChildren(repoRoot, { dataDir });
  try {
    // The CMMS's address and credential are known before it runs (the core starts with them; serveMain.ts
    // starts the sandbox once the console shows its first value).
    const planned = first.cmms!;
    expect(planned.name).toBe('servicenow');
    expect(planned.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(planned.adminUrl).toBe(`${planned.url}/__sandbox`);
    expect(planned.credential).toBe('console:demo');
    await expect(fetch(`${planned.adminUrl}/counts`)).rejects.toThrow(); // not started yet
    const [plant, erp, cmms] = await Promise.all([first.plant, first.erp, planned.start({ lowPriority: true })]);
    expect(plant.endpointUrl).toBe(`opc.tcp://127.0.0.1:${first.plantPort}/UA/DemoPlant`);
    expect(erp?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sap\/opu\/odata\/sap$/);
    expect(cmms).toMatchObject({ name: 'servicenow', url: planned.url, adminUrl: planned.adminUrl, credential: planned.credential });
    expect(planned.start()).toBe(planned.start()); // one process, however often it is asked for
    expect((await fetch(`${planned.adminUrl}/counts`)).ok).toBe(true);
  } finally {
    await first.stopAll();
  }
  const pki = demoPlantPkiDir(dataDir)!;
  const certs = certificatesIn(pki);
  expect(certs.length).toBeGreaterThan(0);

  const second = await startDemoChildren(repoRoot, { dataDir });
  try {
    await second.plant;
  } finally {
    await second.stopAll();
  }
  expect(certificatesIn(pki)).toEqual(certs);
}, 240_000);
