import type { LiveSignals } from '../../../../../shared/domain/signal.ts';
import { bandOf } from '../../../../../shared/domain/signal.ts';
import { SignalPump } from '../../../../../electron/core/features/signals/SignalPump.ts';
import { signalReading, type SignalState, takeValue } from '../../../../../electron/core/features/signals/signalReading.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { createLineFeed } from '../../../../../electron/core/platform/linefeed/lineFeed.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { FakeOpcuaPort, good } from '../../../../fixtures/FakeOpcuaPort.ts';
import { demoPlantConfigPath } from '../../../../fixtures/tempDir.ts';

/** The line feed over one fake controller, started: what startCore gives the signals module. */
function feedOf(cfg: PlantConfig, port: FakeOpcuaPort) {
  const feed = createLineFeed({ lines: cfg.lines, controllers: cfg.controllers, ports: new Map([['demo-plc', port]]), logger: memoryLogger() });
  feed.start();
  return feed;
}

const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const config = loaded.value;
const [l1, l2] = config.lines;
const temp = l1!.signals[0]!;
const pressure = l1!.signals[1]!;

/** One screen ('screen-1') shows every line's signals unless `watchAll` is false. */
function setup(watchAll = true) {
  const clock = new FakeClock();
  const port = new FakeOpcuaPort('demo-plc', clock.now());
  const sent: LiveSignals[] = [];
  const open = new Set(['screen-1', 'screen-2']);
  const pump = new SignalPump({ clock, logger: memoryLogger(), lines: config.lines, feed: feedOf(config, port), tickMs: 250, publish: (m) => void sent.push(m), openSessions: () => open });
  pump.start();
  if (watchAll) pump.watch('screen-1', config.lines.map((l) => l.id));
  return { clock, port, pump, sent, open };
}

const reading = (m: LiveSignals | undefined, lineId: string, id: string) => m?.lines.find((l) => l.lineId === lineId)?.signals.find((s) => s.id === id);

describe('SignalPump', () => {
  it('subscribes nothing itself: the line feed asks once for the line tags and once for the signals', () => {
    const { port } = setup();
    expect(port.subscriberCount()).toBe(2);
  });

  it('coalesces any number of value changes into one message per tick, and sends nothing when nothing changed', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    clock.advance(250);
    const before = sent.length;
    for (let i = 0; i < 300; i++) port.push([good(temp.nodeId, 40 + i / 100, clock.now()), good(pressure.nodeId, 4, clock.now())]);
    clock.advance(250);
    expect(sent.length - before).toBe(1);
    expect(reading(sent.at(-1), 'L1', 'temperature')).toEqual({ id: 'temperature', value: 42.99, quality: 'good', at: clock.now() - 250, band: 'normal' });
    port.setState({ lastHeardAt: clock.now() });
    clock.advance(1000);
    expect(sent.length - before).toBe(1);
  });

  it('sends a message when the link goes stale even though no value changed, every value Bad with the last kept', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now(), keepAlivePeriodMs: 1000 });
    port.push([good(pressure.nodeId, 3.2, clock.now())]);
    clock.advance(250);
    expect(reading(sent.at(-1), 'L1', 'pressure')).toMatchObject({ value: 3.2, quality: 'good', band: 'low' });
    const n = sent.length;
    clock.advance(2000);
    expect(sent.length).toBe(n + 1);
    const l = sent.at(-1)!.lines[0]!;
    expect(l.stale).toBe(true);
    expect(l.signals.find((s) => s.id === 'pressure')).toMatchObject({ value: 3.2, quality: 'bad', band: null, reason: expect.stringContaining('not live') });
  });

  it('feeds one node to every signal that names it', () => {
    const cfg = { ...config, lines: [l1!, { ...l2!, signals: [{ ...l2!.signals[0]!, nodeId: temp.nodeId }] }] };
    const clock = new FakeClock();
    const port = new FakeOpcuaPort('demo-plc', clock.now());
    const sent: LiveSignals[] = [];
    const pump = new SignalPump({ clock, logger: memoryLogger(), lines: cfg.lines, feed: feedOf(cfg, port), tickMs: 250, publish: (m) => void sent.push(m), openSessions: () => ['s'] });
    pump.start();
    pump.watch('s', ['L1', 'L2']);
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(temp.nodeId, 59, clock.now())]);
    clock.advance(250);
    expect(reading(sent.at(-1), 'L1', 'temperature')).toMatchObject({ value: 59, band: 'high' });
    expect(reading(sent.at(-1), 'L2', 'temperature')).toMatchObject({ value: 59, band: 'high' });
  });

  it('sends a screen the lines it shows: none while no screen watches, the union of the open screens, nothing after they close', () => {
    const { clock, port, pump, sent, open } = setup(false);
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(temp.nodeId, 50, clock.now()), good(l2!.signals[0]!.nodeId, 7, clock.now())]);
    clock.advance(1000);
    expect(sent).toEqual([]);
    // The watch answers the line's latest readings at once, and the next tick sends that line alone.
    const answer = pump.watch('screen-1', ['L2', 'no-such-line']);
    expect(answer.lines.map((l) => l.lineId)).toEqual(['L2']);
    expect(answer.lines[0]!.signals[0]).toMatchObject({ value: 7, quality: 'good' });
    clock.advance(250);
    expect(sent.map((m) => m.lines.map((l) => l.lineId))).toEqual([['L2']]);
    // A second screen on line 1: both lines, in the plant's order.
    pump.watch('screen-2', ['L1']);
    port.push([good(temp.nodeId, 51, clock.now())]);
    clock.advance(250);
    expect(sent.at(-1)!.lines.map((l) => l.lineId)).toEqual(['L1', 'L2']);
    expect(reading(sent.at(-1), 'L1', 'temperature')?.value).toBe(51);
    // The first screen leaves the line view (an empty watch); the second screen's connection closes.
    pump.watch('screen-1', []);
    clock.advance(250);
    expect(sent.at(-1)!.lines.map((l) => l.lineId)).toEqual(['L1']);
    open.delete('screen-2');
    const n = sent.length;
    port.push([good(temp.nodeId, 52, clock.now())]);
    clock.advance(1000);
    expect(sent.length).toBe(n);
    // Every line is still read back whole.
    expect(pump.snapshot().lines.map((l) => l.lineId)).toEqual(config.lines.filter((l) => l.signals.length > 0).map((l) => l.id));
    expect(reading(pump.snapshot(), 'L1', 'temperature')?.value).toBe(52);
  });

  it('ignores values flagged late (history republished after a gap re-read)', () => {
    const { clock, port, sent } = setup();
    port.setState({ phase: 'connected', lastHeardAt: clock.now() });
    port.push([good(temp.nodeId, 50, clock.now())]);
    port.push([{ ...good(temp.nodeId, 30, clock.now() - 5000), flags: ['late'] }]);
    clock.advance(250);
    expect(reading(sent.at(-1), 'L1', 'temperature')?.value).toBe(50);
  });
});

describe('signalReading', () => {
  const connected = { link: 'connected' as const, stale: false, error: null };
  const fresh = (): SignalState => ({ latest: null, lastGood: null });
  const taken = (...vs: LiveValue[]): SignalState => {
    const s = fresh();
    for (const v of vs) takeValue(s, v);
    return s;
  };
  const v = (patch: Partial<LiveValue>): LiveValue => ({ tagId: temp.nodeId, value: 1, quality: 'good', sourceTs: 10, serverTs: 20, ...patch });

  it('is Bad with a reason before the first value', () => {
    expect(signalReading(temp, fresh(), connected)).toEqual({ id: 'temperature', value: null, quality: 'bad', at: null, band: null, reason: 'No value received from the controller yet.' });
  });

  it('never shows a Bad status, NaN, text or a flag as Good', () => {
    const last = v({ value: 50 });
    expect(signalReading(temp, taken(last, v({ quality: 'bad', value: null, reason: 'The controller reports the value as Bad (BadSensorFailure).' })), connected)).toMatchObject({
      value: 50,
      quality: 'bad',
      band: null,
      reason: 'The controller reports the value as Bad (BadSensorFailure).',
    });
    expect(signalReading(temp, taken(v({ quality: 'bad', value: null, flags: ['nonfinite'] })), connected)).toMatchObject({ value: null, quality: 'bad', reason: expect.stringContaining('NaN') });
    expect(signalReading(temp, taken(v({ value: Number.NaN })), connected)).toMatchObject({ quality: 'bad', value: null });
    expect(signalReading(temp, taken(v({ value: 'x'.repeat(50) })), connected).reason).toBe(`The controller sent text ("${'x'.repeat(40)}…"), not a number.`);
    expect(signalReading(temp, taken(v({ value: true })), connected)).toMatchObject({ quality: 'bad', reason: 'The controller sent a true/false flag (true), not a number.' });
    expect(signalReading(temp, taken(v({ value: null })), connected)).toMatchObject({ quality: 'bad', reason: 'The controller sent no value.' });
  });

  it('keeps Uncertain as Uncertain with its value and band', () => {
    expect(signalReading(temp, taken(v({ quality: 'uncertain', value: 70 })), connected)).toEqual({ id: 'temperature', value: 70, quality: 'uncertain', at: 10, band: 'high', reason: 'The controller reports the value as Uncertain.' });
  });

  it('says why when the controller is not connected, keeping the last Good value and its time', () => {
    const r = signalReading(temp, taken(v({ value: 51, sourceTs: null, serverTs: 99 })), { link: 'reconnecting', stale: false, error: 'The connection to the controller was lost; reconnecting.' });
    expect(r).toEqual({ id: 'temperature', value: 51, quality: 'bad', at: 99, band: null, reason: 'Not connected to the controller (reconnecting): The connection to the controller was lost; reconnecting.' });
  });
});

describe('bandOf', () => {
  it('is null without a band, normal on its ends, low/high outside', () => {
    expect(bandOf(5, null, undefined)).toBeNull();
    expect(bandOf(3.5, 3.5, 5)).toBe('normal');
    expect(bandOf(5, 3.5, 5)).toBe('normal');
    expect(bandOf(3.49, 3.5, 5)).toBe('low');
    expect(bandOf(5.01, 3.5, 5)).toBe('high');
    expect(bandOf(-100, null, 16)).toBe('normal');
    expect(bandOf(-1, 0, null)).toBe('low');
  });
});
