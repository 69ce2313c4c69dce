import { parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { createLineFeed, mapLineTags, samplingIntervalOf, signalSamplingIntervalOf, type FeedBatch } from '../../../../../electron/core/platform/linefeed/lineFeed.ts';
import type { LinkGap, LiveValue, SubscribeOptions } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { FakeOpcuaPort, good } from '../../../../fixtures/FakeOpcuaPort.ts';
import { readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The demo plant's configuration, changed by `edit`, through the real parser (every rule applies). */
function config(edit: (c: Json) => void = () => {}): PlantConfig {
  const raw = readDemoPlantConfig() as Json;
  edit(raw);
  const r = parsePlantConfig('plant.json', JSON.stringify(raw));
  if (!r.ok) throw new Error(r.error.text);
  return r.value;
}

/** The fake controller, also remembering what each subscribe asked for. */
class AskingPort extends FakeOpcuaPort {
  readonly asked: { tags: readonly string[]; options?: SubscribeOptions }[] = [];
  gapListener: ((gap: LinkGap) => void) | null = null;
  override subscribe(tagIds: readonly string[], onBatch: (values: LiveValue[]) => void, options?: SubscribeOptions) {
    this.asked.push({ tags: [...tagIds], options });
    return super.subscribe(tagIds, onBatch);
  }
  onDidCloseGap(listener: (gap: LinkGap) => void) {
    this.gapListener = listener;
    return { dispose: () => (this.gapListener = null) };
  }
}

function started(cfg: PlantConfig) {
  const port = new AskingPort('demo-plc');
  const feed = createLineFeed({ lines: cfg.lines, controllers: cfg.controllers, ports: new Map([['demo-plc', port]]), logger: memoryLogger() });
  const batches: FeedBatch[] = [];
  feed.onValues((b) => void batches.push(b));
  feed.start();
  return { port, feed, batches };
}

describe('line feed', () => {
  it('asks the gateway once per node: a node shared by two lines or by a line tag and a signal is one item, speed included', () => {
    const cfg = config((c) => {
      // Line 2 shows line 1's temperature too, and line 3 has its order on line 1's order tag.
      c.lines[1].signals.push({ ...c.lines[0].signals[0], id: 'upstreamTemperature' });
      c.lines[2].tags.currentOrder = c.lines[0].tags.currentOrder;
      // A signal that is also a line tag (speed shown in the signals panel).
      c.lines[0].signals.push({ id: 'speed', label: 'Speed', nodeId: c.lines[0].tags.speed });
    });
    const { port, feed } = started(cfg);
    const all = port.asked.flatMap((a) => a.tags);
    expect(new Set(all).size).toBe(all.length);
    const expected = new Set<string>();
    for (const l of cfg.lines) {
      for (const t of [l.tags.goodCount, l.tags.rejectCount, l.tags.machineState, l.tags.speed, l.tags.currentOrder]) if (t) expected.add(t);
      for (const s of l.signals) expected.add(s.nodeId);
    }
    expect(new Set(all)).toEqual(expected);
    expect(feed.monitoredTagCount()).toBe(expected.size);
    for (const l of cfg.lines) {
      expect(all).toContain(l.tags.speed);
      if (l.tags.holdInterlock) expect(all).not.toContain(l.tags.holdInterlock); // written, never watched
    }
    // Line tags and signals are two entries (a wrongly mapped signal cannot disturb the counters' items).
    expect(port.asked).toHaveLength(2);
    expect(port.asked[0]!.tags).toContain(cfg.lines[0]!.tags.speed);
    const owners = mapLineTags(cfg.lines).get('demo-plc')!.owners;
    expect(owners.get(cfg.lines[0]!.signals[0]!.nodeId)).toEqual([
      { kind: 'signal', lineId: 'L1', signalIndex: 0 },
      { kind: 'signal', lineId: 'L2', signalIndex: cfg.lines[1]!.signals.length - 1 },
    ]);
    expect(owners.get(cfg.lines[0]!.tags.currentOrder!)).toEqual([
      { kind: 'order', lineId: 'L1' },
      { kind: 'order', lineId: 'L3' },
    ]);
  });

  it('asks for the configured sampling interval; by default each change of a line tag, the signals at the publishing interval', () => {
    // Line tags first (counts, state, order, speed), then the signals: see the first test.
    const byDefault = started(config());
    expect(byDefault.port.asked.map((a) => a.options)).toEqual([{ samplingIntervalMs: 0 }, { samplingIntervalMs: 250 }]);
    const set = started(config((c) => (c.controllers[0].samplingIntervalMs = 100)));
    expect(set.port.asked.map((a) => a.options?.samplingIntervalMs)).toEqual([100, 100]);
    const sampled = config((c) => (c.controllers[0].samplingIntervalMs = 250)).controllers[0]!;
    expect([samplingIntervalOf(sampled), signalSamplingIntervalOf(sampled)]).toEqual([250, 250]);
    const zero = config((c) => (c.controllers[0].samplingIntervalMs = 0)).controllers[0]!;
    expect([samplingIntervalOf(zero), signalSamplingIntervalOf(zero)]).toEqual([0, 0]);
  });

  it('refuses a sampling interval that is not a whole number of ms, negative, or more than ten publishing intervals', () => {
    for (const bad of [-1, 2.5, 2501]) {
      const raw = readDemoPlantConfig() as Json;
      raw.controllers[0].samplingIntervalMs = bad;
      const r = parsePlantConfig('plant.json', JSON.stringify(raw));
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.error.text).toContain('samplingIntervalMs');
    }
    expect(config((c) => (c.controllers[0].samplingIntervalMs = 2500)).controllers[0]!.samplingIntervalMs).toBe(2500);
  });

  it('hands a batch over with every use of each node, the order tags first', () => {
    const cfg = config();
    const { port, batches } = started(cfg);
    const [l1] = cfg.lines;
    port.push([good(l1!.tags.goodCount, 10, 1), good(l1!.tags.speed!, 80, 1), good(l1!.tags.currentOrder!, 'ORD-1', 1), good(l1!.signals[0]!.nodeId, 40, 1)]);
    // The fake hands each entry its own values: line tags in one batch, the signal in another.
    expect(batches.map((b) => b.items.map((i) => i.owners.map((o) => o.kind).join('+')))).toEqual([['order', 'good', 'speed'], ['signal']]);
    expect(batches[0]!.controllerId).toBe('demo-plc');
    // Each batch says what its nodes can be, so a listener skips what it does not take.
    expect(batches.map((b) => [b.hasLineTags, b.hasSignals])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('marks the line tags batch as holding signals when a node is both, and the live pump and signals still get theirs', () => {
    const cfg = config((c) => c.lines[0].signals.push({ id: 'speed', label: 'Speed', nodeId: c.lines[0].tags.speed }));
    const { port, batches } = started(cfg);
    const [l1] = cfg.lines;
    port.push([good(l1!.tags.speed!, 80, 1)]);
    expect(batches.map((b) => [b.hasLineTags, b.hasSignals])).toEqual([[true, true]]);
    expect(batches[0]!.items[0]!.owners.map((o) => o.kind)).toEqual(['speed', 'signal']);
  });

  it('passes link gaps on with the lines of the controller, and one failing listener does not stop the others', () => {
    const cfg = config();
    const { port, feed } = started(cfg);
    const seen: string[][] = [];
    feed.onDidCloseGap(() => {
      throw new Error('listener bug');
    });
    feed.onDidCloseGap((_gap, lineIds) => void seen.push([...lineIds]));
    port.gapListener!({ controllerId: 'demo-plc', seq: 1, lostAt: 1, restoredAt: 2, serverRestarted: false, recovery: 'reconnected', reason: 'test' });
    expect(seen).toEqual([['L1', 'L2', 'L3']]);
    const states: string[] = [];
    feed.onDidChangeState((id, s) => void states.push(`${id}:${s.phase}`));
    port.setState({ phase: 'connected' });
    expect(states).toEqual(['demo-plc:connected']);
    feed.dispose();
    expect(port.subscriberCount()).toBe(0);
  });
});
