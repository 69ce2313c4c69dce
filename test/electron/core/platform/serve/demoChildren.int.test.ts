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

it('starts plant, ERP and CMMS side by side, and the plant keeps its certificate in the data folder across starts', async () => {
  const first = await startDemoChildren(repoRoot, { dataDir });
  try {
    const [plant, erp, cmms] = await Promise.all([first.plant, first.erp, first.cmms]);
    expect(plant.endpointUrl).toBe(`opc.tcp://127.0.0.1:${first.plantPort}/UA/DemoPlant`);
    expect(erp?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sap\/opu\/odata\/sap$/);
    expect(cmms).toMatchObject({ name: 'servicenow', credential: 'console:demo' });
    // The ERP and the CMMS sandbox run in one process (one Node start instead of two, issue 17), each on its
    // own port and answering as before; stopping the ERP's process stops the CMMS with it.
    expect(new URL(cmms!.url).port).not.toBe(new URL(erp!.url).port);
    expect((await fetch(`${erp!.adminUrl}/counts`)).ok).toBe(true);
    expect((await fetch(`${cmms!.adminUrl}/counts`)).ok).toBe(true);
    await erp!.stop();
    await expect(fetch(`${cmms!.adminUrl}/counts`)).rejects.toThrow();
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
