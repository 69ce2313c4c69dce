import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { createLineFeed, type LineFeed } from '../../../../../electron/core/platform/linefeed/lineFeed.ts';
import { createOpcuaGateway, type OpcuaGateway } from '../../../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath } from '../../../../fixtures/tempDir.ts';

/**
 * The line feed on the real demo plant, through the real gateway, with the shipped configuration (no
 * samplingIntervalMs): a line tag's change is taken by the controller when it happens, not at its next sample.
 * Two changes of Line 1's good count in one turn of the plant's event loop both reach the feed; a controller
 * sampling every 250 ms (the old default, the publishing interval) can only ever see the second, because no
 * sample can fall between them. Sampled, every change also waited up to a whole interval for that sample
 * before it waited for the publish: ~150 ms more at the median than the bare OPC UA hop (npm run bench -- latency).
 */
describe('line feed: line tags are reported when they change', () => {
  let root: string;
  let plant: DemoPlant;
  let gateway: OpcuaGateway;
  let feed: LineFeed;
  let cfg: PlantConfig;
  const seen: number[] = [];
  let goodTag: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'linefeed-on-change-'));
    plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: join(root, 'sim-pki') });
    const loaded = loadPlantConfig(demoPlantConfigPath);
    if (!loaded.ok) throw new Error(loaded.error.text);
    cfg = loaded.value;
    const controller = cfg.controllers[0]!;
    expect(controller.samplingIntervalMs).toBeUndefined(); // the default is what is tested
    gateway = createOpcuaGateway({ controller, endpoint: plant.endpointUrl, pkiDir: join(root, 'client-pki'), demoMode: true, logger: memoryLogger(), clock: systemClock });
    feed = createLineFeed({ lines: cfg.lines, controllers: cfg.controllers, ports: new Map([[controller.id, gateway]]), logger: memoryLogger() });
    goodTag = cfg.lines[0]!.tags.goodCount;
    feed.onValues((batch) => {
      for (const { value } of batch.items) if (value.tagId === goodTag && value.quality === 'good' && typeof value.value === 'number') seen.push(value.value);
    });
    feed.start();
    void gateway.connect();
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 30_000, interval: 50 });
  }, 60_000);

  afterAll(async () => {
    feed?.dispose();
    await gateway?.dispose();
    await plant?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('two changes of a counter in one turn both arrive (the first one never lived until a sample)', async () => {
    // The demo's Line 1 makes parts on most ticks; a tick without a part (a stop) is tried again.
    let pair: [number, number] | null = null;
    for (let attempt = 0; attempt < 20 && !pair; attempt++) {
      const before = plant.currentValues()[0]!.goodCount;
      plant.advance(1);
      const first = plant.currentValues()[0]!.goodCount;
      plant.advance(1);
      const second = plant.currentValues()[0]!.goodCount;
      if (first !== before && second !== first) pair = [first, second];
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(pair, 'Line 1 made parts on two ticks in a row').not.toBeNull();
    const [first, second] = pair!;
    await vi.waitFor(() => expect(seen).toContain(second), { timeout: 20_000, interval: 50 });
    expect(seen).toContain(first);
    expect(seen.indexOf(first)).toBeLessThan(seen.indexOf(second));
  }, 60_000);
});
