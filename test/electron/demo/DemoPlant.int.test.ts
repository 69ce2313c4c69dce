import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpcuaGateway, type OpcuaGateway } from '../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import type { Clock, Logger } from '../../../electron/core/platform/ports/ports.ts';
import { startDemoPlant, type DemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { DEMO_STATE, demoNodeRef } from '../../../electron/demo/plantModel.ts';

const clock: Clock = systemClock;
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };

let root: string;
const plants: DemoPlant[] = [];
const gateways: OpcuaGateway[] = [];

async function plantWithClient(options: Parameters<typeof startDemoPlant>[0]): Promise<{ plant: DemoPlant; g: OpcuaGateway }> {
  const plant = await startDemoPlant({ autoTick: false, pkiDir: join(root, `sim-${plants.length}`), ...options });
  plants.push(plant);
  const g = createOpcuaGateway({
    controller: {
      id: 'demo-plc',
      name: 'Demo',
      endpoint: plant.endpointUrl,
      security: { mode: 'None', policy: 'None', allowInsecure: true },
      userToken: { type: 'anonymous' },
      publishingIntervalMs: 100,
    },
    pkiDir: join(root, 'client-pki'),
    demoMode: true,
    logger,
    clock,
  });
  gateways.push(g);
  await g.connect();
  expect(g.state().phase).toBe('connected');
  return { plant, g };
}

async function readOne(g: OpcuaGateway, tag: string): Promise<unknown> {
  const r = await g.read([tag]);
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]?.value;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'demo-plant-int-'));
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.dispose()));
  await Promise.all(plants.map((p) => p.stop()));
  rmSync(root, { recursive: true, force: true });
});

describe('DemoPlant', () => {
  it('listens on 127.0.0.1 on the port it reports, under /UA/DemoPlant', async () => {
    const { plant } = await plantWithClient({});
    expect(plant.port).toBeGreaterThan(0);
    expect(plant.endpointUrl).toBe(`opc.tcp://127.0.0.1:${plant.port}/UA/DemoPlant`);
  });

  it('says clearly when its port is taken', async () => {
    const first = plants[0]!;
    await expect(startDemoPlant({ port: first.port, autoTick: false, pkiDir: join(root, 'clash') })).rejects.toThrow(
      new RegExp(`port ${first.port} .*already in use`),
    );
  });

  it('serves the model values, resets a counter, and keeps values and interlocks across a restart', async () => {
    const { plant, g } = await plantWithClient({ goodCountStart: 2 ** 32 - 30 });
    const good1 = demoNodeRef(1, 'GoodCount');
    plant.advance(30);
    expect(await readOne(g, good1)).toBe(plant.model.lineAt(1, 30).goodCount);
    expect(plant.model.lineAt(1, 30).goodCount).toBeLessThan(100); // wrapped

    plant.resetCounter(1);
    expect(await readOne(g, good1)).toBe(0);
    plant.advance(10);
    expect(await readOne(g, good1)).toBe(plant.model.lineAt(1, 40, 30).goodCount);
    expect(await readOne(g, demoNodeRef(2, 'GoodCount'))).toBe(plant.model.lineAt(2, 40).goodCount);

    expect((await g.write(demoNodeRef(3, 'HoldInterlock'), true)).ok).toBe(true);
    const started = plant.startTime().getTime();
    await new Promise((r) => setTimeout(r, 5));
    await plant.restart();
    expect(plant.startTime().getTime()).toBeGreaterThan(started);
    expect(plant.currentTick()).toBe(40);
    expect(plant.readInterlock(3)).toBe(true);
  });

  it('emits the unmapped state code only when asked', async () => {
    const { plant, g } = await plantWithClient({ unmappedStates: true });
    // Line 3 is idle from tick 45 to 64: with the option that segment reports 99.
    plant.advance(50);
    expect(await readOne(g, demoNodeRef(3, 'MachineState'))).toBe(DEMO_STATE.unmapped);
    expect(plant.currentValues()[2]?.machineState).toBe(99);
  });

  it('ticks on its own timer and stops ticking on stop', async () => {
    const plant = await startDemoPlant({ tickMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(plant.currentTick()).toBeGreaterThanOrEqual(3);
    } finally {
      await plant.stop();
    }
    const tick = plant.currentTick();
    await new Promise((r) => setTimeout(r, 60));
    expect(plant.currentTick()).toBe(tick);
  });

  it('keeps a PKI folder it was given', async () => {
    const dir = join(root, 'kept-pki');
    const plant = await startDemoPlant({ autoTick: false, pkiDir: dir });
    await plant.stop();
    expect(existsSync(join(dir, 'server', 'own', 'certs', 'certificate.pem'))).toBe(true);
  });
});
