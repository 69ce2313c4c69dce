import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpcuaGateway, type OpcuaGateway, type OpcuaGatewayOptions } from '../../../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import type { ConnectionState, LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import type { Clock, Logger } from '../../../../../electron/core/platform/ports/ports.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { demoNodeRef, type LineSample } from '../../../../../electron/demo/plantModel.ts';
import { PlantConfig, type ControllerConfig } from '../../../../../shared/domain/plantConfig.ts';

const realClock: Clock = systemClock;

const logLines: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: (m, f) => void logLines.push(`info ${m} ${JSON.stringify(f ?? {})}`),
  warn: (m, f) => void logLines.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
  error: (m, f) => void logLines.push(`error ${m} ${JSON.stringify(f ?? {})}`),
  child: () => logger,
};

/** Fast but honest: node-opcua's own backoff is shortened through options only. */
const FAST: OpcuaGatewayOptions['timing'] = {
  firstConnectMaxRetry: 1,
  initialDelayMs: 100,
  maxDelayMs: 500,
  retryDelayMs: 200,
  keepAliveIntervalMs: 1000,
  transportTimeoutMs: 5000,
  defaultTransactionTimeoutMs: 3000,
};

const demoConfig = PlantConfig.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../../../resources/demo-plant.json'), 'utf8')));
const demoController = demoConfig.controllers[0]!;
const LINES = [1, 2, 3];
const FIELDS = [
  ['GoodCount', 'goodCount'],
  ['RejectCount', 'rejectCount'],
  ['MachineState', 'machineState'],
  ['Speed', 'speed'],
  ['CurrentOrder', 'currentOrder'],
] as const;
const TAGS = LINES.flatMap((l) => FIELDS.map(([v]) => demoNodeRef(l, v)));

function expected(samples: LineSample[]): Map<string, number | string> {
  const m = new Map<string, number | string>();
  for (const s of samples) for (const [v, k] of FIELDS) m.set(demoNodeRef(s.line, v), s[k]);
  return m;
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let root: string;
let plant: DemoPlant;
const gateways: OpcuaGateway[] = [];

function gateway(controller: ControllerConfig, extra: Partial<OpcuaGatewayOptions> = {}): OpcuaGateway {
  const g = createOpcuaGateway({
    controller,
    endpoint: plant.endpointUrl,
    pkiDir: join(root, 'client-pki'),
    demoMode: true,
    logger,
    clock: realClock,
    timing: FAST,
    ...extra,
  });
  gateways.push(g);
  return g;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gateway-int-'));
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: join(root, 'sim-pki') });
});

afterAll(async () => {
  if (process.env.DUMP_LOG) console.log(logLines.join("\n"));
  await Promise.all(gateways.map((g) => g.dispose()));
  await plant?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('OPC UA gateway against the demo plant', () => {
  const latest = new Map<string, LiveValue>();
  const phases: ConnectionState['phase'][] = [];
  let batches = 0;
  let g: OpcuaGateway;

  const matches = (want: Map<string, number | string>): boolean =>
    [...want].every(([tag, v]) => latest.get(tag)?.quality === 'good' && latest.get(tag)?.value === v);

  it('applies a subscription made before connect and delivers the predicted values of all three lines', async () => {
    g = gateway({ ...demoController, publishingIntervalMs: 100 });
    g.onDidChangeState((s) => {
      if (phases.at(-1) !== s.phase) phases.push(s.phase);
    });
    g.subscribe(TAGS, (values) => {
      batches++;
      for (const v of values) latest.set(v.tagId, v);
    });
    expect(g.state().phase).toBe('disconnected');

    await g.connect();
    const s = g.state();
    expect(s.phase).toBe('connected');
    expect(s.error).toBeNull();
    expect(s.keepAlivePeriodMs).toBe(100 * 10);
    expect(phases).toEqual(['connecting', 'connected']);

    await waitFor('tick-0 values', () => matches(expected(plant.model.sampleAt(0))));
    plant.advance(137);
    const want = expected(plant.model.sampleAt(137));
    // Sanity: the step really changes what the test expects.
    expect(want).not.toEqual(expected(plant.model.sampleAt(0)));
    await waitFor('tick-137 values', () => matches(want));
    const v = latest.get(demoNodeRef(1, 'GoodCount'))!;
    expect(v.sourceTs).not.toBeNull();
    expect(v.serverTs).not.toBeNull();
    expect(g.state().lastHeardAt).not.toBeNull();
  });

  it('updates lastHeardAt on keep-alives while no value changes', async () => {
    const before = g.state().lastHeardAt!;
    const batchesBefore = batches;
    await waitFor('a keep-alive', () => g.state().lastHeardAt! > before, 3000);
    expect(batches).toBe(batchesBefore);
  });

  it('reads nsu= references resolved through the namespace array', async () => {
    const r = await g.read([demoNodeRef(3, 'MachineState'), demoNodeRef(2, 'CurrentOrder')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [line1, line2] = [plant.model.lineAt(3, 137), plant.model.lineAt(2, 137)];
    expect(r.value.map((x) => [x.tagId, x.value, x.quality])).toEqual([
      [demoNodeRef(3, 'MachineState'), line1.machineState, 'good'],
      [demoNodeRef(2, 'CurrentOrder'), line2.currentOrder, 'good'],
    ]);
  });

  it('reports an unknown namespace URI as NAMESPACE_UNKNOWN and a missing node as NODE_UNKNOWN', async () => {
    const r = await g.read(['nsu=urn:nobody:nowhere;s=Line1.GoodCount']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('NAMESPACE_UNKNOWN');
    expect(r.error.message).toContain('urn:nobody:nowhere');

    const missing = await g.read(['nsu=urn:plant-console:demo-plant;s=Line9.GoodCount']);
    expect(missing.ok ? null : missing.error.code).toBe('NODE_UNKNOWN');
  });

  it('writes HoldInterlock now and reads it back', async () => {
    expect(plant.readInterlock(2)).toBe(false);
    const w = await g.write(demoNodeRef(2, 'HoldInterlock'), true);
    expect(w).toEqual({ ok: true, value: undefined });
    expect(plant.readInterlock(2)).toBe(true);
    expect(plant.readInterlock(1)).toBe(false);
    const r = await g.read([demoNodeRef(2, 'HoldInterlock')]);
    expect(r.ok && r.value[0]?.value).toBe(true);
  });

  it('refuses writes to a missing node or a read-only tag with a reason', async () => {
    const w = await g.write('nsu=urn:plant-console:demo-plant;s=Line2.NoSuchTag', true);
    expect(w.ok).toBe(false);
    if (w.ok) return;
    expect(w.error.code).toBe('WRITE_FAILED');
    expect(w.error.status).toBe('BadNodeIdUnknown');
    expect(w.error.message).toMatch(/no such tag/);

    const ro = await g.write(demoNodeRef(1, 'GoodCount'), 5);
    expect(ro.ok ? null : ro.error).toMatchObject({ code: 'WRITE_FAILED', status: 'BadNotWritable' });
  });

  it('subscribes after connect too, and stops calling a disposed subscription', async () => {
    const seen: LiveValue[] = [];
    const tag = demoNodeRef(1, 'GoodCount');
    const sub = g.subscribe([tag, 'nsu=urn:nobody:nowhere;s=X'], (values) => seen.push(...values));
    await waitFor('initial value', () => seen.some((v) => v.tagId === tag && v.quality === 'good'));
    // The unresolvable tag is reported bad, not silently dropped.
    expect(seen.find((v) => v.tagId === 'nsu=urn:nobody:nowhere;s=X')?.quality).toBe('bad');
    sub.dispose();
    await new Promise((r) => setTimeout(r, 100));
    const count = seen.length;
    plant.advance(1);
    await waitFor('main subscription sees tick 138', () => matches(expected(plant.model.sampleAt(138))));
    expect(seen.length).toBe(count);
  });

  it('marks values bad while the simulator is down and brings live values back on the same onBatch', async () => {
    const batchesBefore = batches;
    phases.length = 0;
    const restarting = plant.restart(1500);
    await waitFor('link to leave connected', () => g.state().phase !== 'connected');
    expect(g.state().phase).toBe('reconnecting');
    await waitFor('values marked bad', () => TAGS.every((t) => latest.get(t)?.quality === 'bad'));
    const w = await g.write(demoNodeRef(1, 'HoldInterlock'), true);
    expect(w.ok ? null : w.error.code).toBe('NOT_CONNECTED');

    await restarting;
    plant.advance(49);
    await waitFor('reconnected', () => g.state().phase === 'connected', 10_000);
    // The gap re-read (done before 'connected') shows tick 187.
    expect(matches(expected(plant.model.sampleAt(187)))).toBe(true);
    // Values the simulator only produces now: they can arrive only through the restored subscription.
    plant.advance(13);
    await waitFor('live values after restart', () => matches(expected(plant.model.sampleAt(200))), 10_000);
    expect(batches).toBeGreaterThan(batchesBefore);
    expect(phases).toContain('reconnecting');
    expect(phases.at(-1)).toBe('connected');
    // The interlock written before the restart is still set on the controller.
    expect(plant.readInterlock(2)).toBe(true);
  }, 20_000);
});

describe('OPC UA gateway refusals', () => {
  it('refuses a deprecated security policy by name, without touching the network', async () => {
    const g = gateway({ ...demoController, security: { mode: 'SignAndEncrypt', policy: 'Basic128Rsa15', allowInsecure: false } });
    expect(g.state().phase).toBe('misconfigured');
    expect(g.state().error?.code).toBe('CONFIG');
    expect(g.state().error?.message).toContain('Basic128Rsa15');
    await g.connect();
    expect(g.state().phase).toBe('misconfigured');
    const r = await g.read([demoNodeRef(1, 'GoodCount')]);
    expect(r.ok ? null : r.error.code).toBe('NOT_CONNECTED');
  });

  it('refuses SecurityPolicy None outside demo mode', () => {
    const g = gateway(demoController, { demoMode: false });
    expect(g.state()).toMatchObject({ phase: 'misconfigured', error: { code: 'CONFIG' } });
    expect(g.state().error?.message).toMatch(/None/);
  });

  it('reports an endpoint where nothing listens as disconnected/UNREACHABLE and keeps retrying', async () => {
    const port = await new Promise<number>((resolvePort) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolvePort(p));
      });
    });
    const g = gateway(demoController, { endpoint: `opc.tcp://127.0.0.1:${port}/UA/DemoPlant` });
    const seen: string[] = [];
    g.onDidChangeState((s) => seen.push(s.phase));
    await g.connect();
    expect(g.state().phase).toBe('disconnected');
    expect(g.state().error?.code).toBe('UNREACHABLE');
    await waitFor('a retry', () => seen.filter((p) => p === 'connecting').length >= 2, 5000);
  });
});

describe('OPC UA gateway with security', () => {
  const secure: ControllerConfig = { ...demoController, security: { mode: 'SignAndEncrypt', policy: 'Aes256_Sha256_RsaPss', allowInsecure: false } };

  it('connects with SignAndEncrypt and reads live values (demo mode trusts the simulator)', async () => {
    const g = gateway(secure, { pkiDir: join(root, 'client-pki-secure') });
    await g.connect();
    expect(g.state().error).toBeNull();
    expect(g.state().phase).toBe('connected');
    const r = await g.read([demoNodeRef(1, 'GoodCount')]);
    expect(r.ok && r.value[0]?.value).toBe(plant.currentValues()[0]?.goodCount);
  });

  it('says so when the controller does not offer the configured mode and policy', async () => {
    const g = gateway({ ...secure, security: { mode: 'Sign', policy: 'Basic256Sha256', allowInsecure: false } }, { pkiDir: join(root, 'client-pki-secure') });
    await g.connect();
    expect(g.state().phase).toBe('disconnected');
    expect(g.state().error?.code).toBe('SECURITY_POLICY_REJECTED');
  });

  it('does not trust an unknown controller certificate in production mode', async () => {
    const g = gateway(secure, { demoMode: false, pkiDir: join(root, 'client-pki-prod') });
    await g.connect();
    expect(g.state().phase).toBe('disconnected');
    expect(g.state().error?.code).toBe('CERTIFICATE_UNTRUSTED');
  });
});
