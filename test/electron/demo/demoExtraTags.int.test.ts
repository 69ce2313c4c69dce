import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpcuaGateway } from '../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import type { Logger } from '../../../electron/core/platform/ports/ports.ts';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { extraTagNodeId, extraTagValue } from '../../../electron/demo/demoExtraTags.ts';
import { DEMO_NAMESPACE_URI } from '../../../electron/demo/plantModel.ts';

const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };
const ref = (line: number, k: number) => `nsu=${DEMO_NAMESPACE_URI};s=${extraTagNodeId(line, k)}`;

// Load tests run the console against lines with many tags: the extra tags exist only when asked for,
// follow the tick, and leave the line's own tags alone.
describe('demo plant extra tags', () => {
  it('publishes extraTagsPerLine Double tags per line that change every tick, and none by default', async () => {
    const root = mkdtempSync(join(tmpdir(), 'demo-extra-tags-'));
    const plant = await startDemoPlant({ autoTick: false, lines: 2, extraTagsPerLine: 3, standardLines: false, pkiDir: join(root, 'sim') });
    const plain = await startDemoPlant({ autoTick: false, lines: 1, standardLines: false, pkiDir: join(root, 'sim-plain') });
    const gateway = (endpoint: string, pki: string) =>
      createOpcuaGateway({
        controller: { id: 'demo-plc', name: 'Demo', endpoint, security: { mode: 'None', policy: 'None', allowInsecure: true }, userToken: { type: 'anonymous' }, publishingIntervalMs: 100 },
        pkiDir: join(root, pki),
        demoMode: true,
        logger,
        clock: systemClock,
      });
    const g = gateway(plant.endpointUrl, 'client');
    const gPlain = gateway(plain.endpointUrl, 'client-plain');
    try {
      await g.connect();
      await gPlain.connect();
      const read = async (tags: string[]) => {
        const r = await g.read(tags);
        if (!r.ok) throw new Error(r.error.message);
        return r.value.map((v) => v.value);
      };
      expect(await read([ref(1, 1), ref(2, 3)])).toEqual([extraTagValue(1, 1, 0), extraTagValue(2, 3, 0)]);
      plant.advance(5);
      const after = await read([ref(1, 1), ref(2, 3)]);
      expect(after).toEqual([extraTagValue(1, 1, 5), extraTagValue(2, 3, 5)]);
      expect(after[0]).not.toBe(extraTagValue(1, 1, 0));
      const missing = await gPlain.read([ref(1, 1)]);
      expect(missing.ok ? missing.value[0]?.quality : 'bad').toBe('bad');
    } finally {
      await g.dispose();
      await gPlain.dispose();
      await plant.stop();
      await plain.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
