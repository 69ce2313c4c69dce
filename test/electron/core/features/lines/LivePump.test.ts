import type { ConnectionStates, LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import type { LineProduction } from '../../../../../shared/domain/line.ts';
import { LivePump } from '../../../../../electron/core/features/lines/LivePump.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { createLineFeed } from '../../../../../electron/core/platform/linefeed/lineFeed.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { FakeOpcuaPort, good } from '../../../../fixtures/FakeOpcuaPort.ts';
import { badValue } from '../../../../../electron/core/platform/opcua/mapDataValue.ts';
import { demoPlantConfigPath } from '../../../../fixtures/tempDir.ts';

const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const config = loaded.value;
const [l1, l2] = config.lines;

function setup() {
  const clock = new FakeClock();
  const port = new FakeOpcuaPort('demo-plc', clock.now());
  const sent: LiveLines[] = [];
  const conns: ConnectionStates[] = [];
  const feed = createLineFeed({ lines: config.lines, controllers: config.controllers, ports: new Map([['demo-plc', port]]), logger: memoryLogger() });
  feed.start();
  const pump = new LivePump({
    clock,
    logger: memoryLogger(),
    lines: config.lines,
    controllers: config.controllers,
    feed,
    endpointOf: () => 'opc.tcp://127.0.0.1:1/x',
    tickMs: 250,
    publishLines: (m) => void sent.push(m),
    publishConnections: (m) => void conns.push(m),
  });
  pump.start();
  return { clock, port, pump, sent, conns, feed };
}

const line = (msg: LiveLines | undefined, id: string) => msg?.lines.find((l) => l.lineId === id);
const production: LineProduction = { orderId: null, ratePerMin: 60, targetRatePerMin: 120, shift: null, good: 0, reject: 0, availability: null, performance: null, quality: null, oee: null, downtime: null, uncodedCount: 0, gap: false };

describe('LivePump', () => {
  it('coalesces any number of tag changes into one message per tick', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(250);
    const before = sent.length;
    for (let i = 1; i <= 500; i++) port.push([good(l1!.tags.goodCount, i, clock.now())]);
    port.push([good(l1!.tags.machineState, 1, clock.now())]);
    clock.advance(250);
    expect(sent.length - before).toBe(1);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ state: 'running', good: { value: 500, quality: 'good' }, link: 'connected', stale: false });
  });

  it('sends nothing on a tick when nothing changed', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(250);
    const n = sent.length;
    port.setState({ lastHeardAt: clock.now() + 1000 });
    const quiet = sent.length;
    clock.advance(1000);
    expect(sent.length).toBe(quiet);
    expect(n).toBeGreaterThan(0);
  });

  it('never shows the last state as live while the controller is disconnected', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(l2!.tags.machineState, 4, clock.now()), good(l2!.tags.goodCount, 77, clock.now())]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L2')).toMatchObject({ state: 'faulted', good: { value: 77, quality: 'good' } });
    port.setState({ phase: 'reconnecting' });
    clock.advance(250);
    // The last count stays visible (with its time) but is marked bad; the state is unknown.
    expect(line(sent.at(-1), 'L2')).toMatchObject({ link: 'reconnecting', state: 'unknown', stateSince: null, good: { value: 77, quality: 'bad' } });
  });

  it('keeps the last counts, greyed with their time, when the link is lost and the gateway marks every tag bad (issue 14 #11)', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    const at = clock.now();
    port.push([good(l1!.tags.goodCount, 1275, at), good(l1!.tags.rejectCount!, 12, at), good(l1!.tags.machineState, 1, at)]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ good: { value: 1275, quality: 'good', at } });
    // What the gateway sends on a link loss (markAllBad): no value, no time, quality bad.
    port.setState({ phase: 'reconnecting' });
    port.push([badValue(l1!.tags.goodCount), badValue(l1!.tags.rejectCount!), badValue(l1!.tags.machineState)]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ link: 'reconnecting', state: 'unknown', good: { value: 1275, quality: 'bad', at }, reject: { value: 12, quality: 'bad', at } });
    // Back: the re-read values are live again.
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(l1!.tags.goodCount, 1280, clock.now())]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ good: { value: 1280, quality: 'good' } });
  });

  it('keeps the last count greyed when a connected controller reports the counter bad', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    const at = clock.now();
    port.push([good(l2!.tags.goodCount, 40, at)]);
    clock.advance(250);
    port.push([badValue(l2!.tags.goodCount, 'sensor fault')]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L2')).toMatchObject({ link: 'connected', good: { value: 40, quality: 'bad', at } });
  });

  it('marks a connected controller stale when keep-alives stop, and live again when they resume', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now(), keepAlivePeriodMs: 1000 });
    port.push([good(l1!.tags.machineState, 1, clock.now())]);
    clock.advance(1250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ stale: false, state: 'running' });
    clock.advance(500); // 1.75 s of silence > 1.5 × 1 s
    expect(line(sent.at(-1), 'L1')).toMatchObject({ stale: true, state: 'unknown' });
    port.setState({ lastHeardAt: clock.now() });
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ stale: false, state: 'running' });
  });

  it('maps unmapped and bad state codes to unknown and keeps the raw code for the screen', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(l1!.tags.machineState, 99, clock.now())]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ state: 'unknown', rawState: 99 });
    port.push([{ tagId: l1!.tags.machineState, value: 1, quality: 'uncertain', sourceTs: clock.now(), serverTs: null }]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ state: 'unknown', rawState: 1 });
  });

  it('takes time in state from the controller source timestamp', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    const changedAt = clock.now() - 42_000;
    port.push([good(l1!.tags.machineState, 3, changedAt)]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ state: 'stopped', stateSince: changedAt });
  });

  it('takes counts and state from the line feed: one batch may carry values of several lines', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(l1!.tags.goodCount, 11, 2), good(l2!.tags.goodCount, 5, 3), good(l2!.tags.machineState, 1, 3)]);
    clock.advance(250);
    expect(line(sent.at(-1), 'L1')).toMatchObject({ good: { value: 11 } });
    expect(line(sent.at(-1), 'L2')).toMatchObject({ good: { value: 5 }, state: 'running' });
  });

  it('publishes connection changes with the endpoint and the insecure flag', () => {
    const { port, conns } = setup();
    port.setState({ phase: 'disconnected', error: { code: 'UNREACHABLE', message: 'No answer from the controller' } });
    expect(conns.at(-1)!.controllers[0]).toMatchObject({
      controllerId: 'demo-plc',
      link: 'disconnected',
      insecure: true,
      endpoint: 'opc.tcp://127.0.0.1:1/x',
      lastError: { code: 'UNREACHABLE', message: 'No answer from the controller' },
    });
  });

  it('subscribes nothing itself (the line feed does) and stops listening on dispose', () => {
    const { clock, port, pump, sent } = setup();
    // The feed's two entries (line tags, signals) are all the controller is asked for.
    expect(port.subscriberCount()).toBe(2);
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(250);
    pump.dispose();
    const n = sent.length;
    port.push([good(l1!.tags.goodCount, 3, clock.now())]);
    clock.advance(1000);
    expect(sent.length).toBe(n);
    expect(pump.snapshot().lines.find((l) => l.lineId === 'L1')?.good.value).not.toBe(3);
  });
});

describe('LivePump latency', () => {
  it('sends a change at once when nothing went out lately, then coalesces a burst into one message 50 ms (a fifth of the tick) later', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(1000); // quiet: the last message is more than a tick old
    const before = sent.length;
    port.push([good(l1!.tags.goodCount, 1, clock.now())]);
    clock.advance(1); // the leading-edge flush runs after the batch, not a tick later
    expect(sent.length - before).toBe(1);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(1);
    // A burst right after: coalesced into one message once the last is 50 ms old, none in between.
    for (let i = 2; i <= 50; i++) port.push([good(l1!.tags.goodCount, i, clock.now())]);
    clock.advance(40);
    expect(sent.length - before).toBe(1);
    clock.advance(10);
    expect(sent.length - before).toBe(2);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(50);
  });

  it("sends a change from the batch itself, before the line feed's later listeners (production's transaction) and without a timer turn", () => {
    const { clock, port, sent, feed } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(1000);
    const before = sent.length;
    // Production listens after the pump (startCore starts the pump first): what had gone out when it ran.
    const sentWhenLaterListenerRan: number[] = [];
    feed.onValues(() => void sentWhenLaterListenerRan.push(sent.length - before));
    port.push([good(l1!.tags.goodCount, 9, clock.now())]);
    expect(sentWhenLaterListenerRan).toEqual([1]); // was 0: the pump waited for a 0 ms timer
    expect(sent.length - before).toBe(1);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(9);
  });

  it('a change right after the interval sent production figures waits 50 ms, not the rest of the tick', () => {
    const { clock, port, pump, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    let revision = 0;
    pump.setProductionSource({ revision: () => revision, of: () => null });
    clock.advance(1000);
    revision++; // the production module's once-a-second figures: sent on the next interval beat
    clock.advance(250);
    const before = sent.length;
    const sentAt = sent.at(-1)!.at;
    clock.advance(10);
    port.push([good(l1!.tags.goodCount, 7, clock.now())]); // 10 ms after that message
    clock.advance(39);
    expect(sent.length - before).toBe(0);
    clock.advance(1);
    expect(sent.length - before).toBe(1); // 50 ms after the production message (was: 250 ms)
    expect(sent.at(-1)!.at - sentAt).toBe(50);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(7);
  });

  it('never sends two messages closer than 45 ms under a stream of changes, and sends at least one per tick', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(1050);
    const before = sent.length;
    for (let t = 0; t < 200; t++) {
      port.push([good(l1!.tags.goodCount, 3 + t, clock.now())]);
      clock.advance(7);
    }
    clock.advance(100);
    const times = sent.slice(before).map((m) => m.at);
    expect(times.slice(1).every((t, i) => t - times[i]! >= 45)).toBe(true);
    expect(times.slice(1).every((t, i) => t - times[i]! <= 250)).toBe(true);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(202);
  });

  it("sends a line's production figures only in the message after they changed; the snapshot always has them", () => {
    const { clock, port, pump, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    let revision = 0;
    let figures = new Map(config.lines.map((l) => [l.id, { ...production, good: 1 }]));
    pump.setProductionSource({ revision: () => revision, of: (id) => figures.get(id) ?? null });
    clock.advance(250);
    // The first message after the source is plugged in carries every line's figures.
    expect(sent.at(-1)!.lines.every((l) => l.production?.good === 1)).toBe(true);
    const before = sent.length;
    port.push([good(l1!.tags.goodCount, 5, clock.now())]);
    clock.advance(250);
    const countsOnly = sent.slice(before);
    expect(countsOnly.length).toBeGreaterThan(0);
    expect(countsOnly.every((m) => m.lines.every((l) => l.production === undefined))).toBe(true);
    expect(line(sent.at(-1), 'L1')!.good.value).toBe(5);
    // What lines.snapshot answers and the alerts read: whole.
    expect(pump.snapshot().lines.every((l) => l.production?.good === 1)).toBe(true);
    // The module recomputes (new figures for L2 only): the next message carries L2's and nothing for the others.
    figures = new Map(figures);
    figures.set('L2', { ...production, good: 2 });
    revision++;
    clock.advance(250);
    expect(line(sent.at(-1), 'L2')!.production?.good).toBe(2);
    expect(line(sent.at(-1), 'L1')!.production).toBeUndefined();
    expect(line(pump.snapshot(), 'L1')!.production?.good).toBe(1);
  });
});
