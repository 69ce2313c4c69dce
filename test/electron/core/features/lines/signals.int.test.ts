import fs from 'node:fs';
import path from 'node:path';
import { StatusCodes } from 'node-opcua';
import type { LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import type { SignalDefinitions } from '../../../../../shared/contract/domains/signals.ts';
import type { LineSignalReadings, LiveSignals, SignalReading } from '../../../../../shared/domain/signal.ts';
import { hostileNodeRef } from '../../../../../electron/demo/demoHostile.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

type Cfg = { lines: { id: string; signals: Record<string, unknown>[] }[] };

const line = (m: LiveSignals, id: string): LineSignalReadings | undefined => m.lines.find((l) => l.lineId === id);
const sig = (m: LiveSignals, lineId: string, id: string): SignalReading | undefined => line(m, lineId)?.signals.find((s) => s.id === id);

// The configured process signals reach the live stream from the real demo plant, and every way a value can be
// unusable (a node the controller lacks, a namespace it lacks, a Bad status, NaN, text) is shown Bad with a reason.
describe('process signals from the demo plant', () => {
  const tmp = makeTempDir('plant-console-signals-');
  let h: CoreHarness;

  beforeAll(async () => {
    const cfg = readDemoPlantConfig() as unknown as Cfg;
    cfg.lines[0]!.signals.push(
      { id: 'ghost', label: 'Sensor nobody wired', nodeId: demoNodeRef(1, 'Speed').replace('Speed', 'NoSuchSensor') },
      { id: 'foreign', label: 'Other vendor', nodeId: 'nsu=urn:not-on-this-plc;s=X' },
      { id: 'raw', label: 'Raw input', nodeId: hostileNodeRef(0), unit: 'mm', decimals: 2, low: 1, high: 5 },
    );
    const file = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(file, JSON.stringify(cfg));
    h = await startCoreWithDemoPlant({ configPath: file, plant: { hostileVariables: 1 } });
    // A screen showing every line's signals (live.signals carries only what some screen shows).
    const watched = await h.core.dispatch('signals.watch', { lineIds: ['L1', 'L2', 'L3'] }, h.core.openSession());
    if (!watched.ok) throw new Error(watched.error.message);
  });
  afterAll(async () => {
    await h?.stop();
    tmp.cleanup();
  });

  it('lists the signals each line has, with label, unit, decimals and band', async () => {
    const s = h.core.openSession();
    const r = await h.core.dispatch('signals.list', {}, s);
    if (!r.ok) throw new Error(r.error.message);
    const defs = r.value as SignalDefinitions;
    expect(defs.lines.map((l) => l.lineId)).toEqual(['L1', 'L2', 'L3']);
    expect(defs.lines[0]!.signals.map((x) => x.id)).toEqual(['temperature', 'pressure', 'motor-current', 'ghost', 'foreign', 'raw']);
    expect(defs.lines[0]!.signals[1]).toEqual({ id: 'pressure', label: 'Fill pressure', nodeId: demoNodeRef(1, 'Pressure'), unit: 'bar', decimals: 2, low: 3.5, high: 5 });
    expect(defs.lines[0]!.signals[3]).toMatchObject({ unit: null, decimals: 1, low: null, high: null });
    h.core.closeSession(s);
  });

  it('streams the demo plant values with Good quality and their band, one message for all lines', async () => {
    const at0 = h.plant.currentProcessValues();
    const first = await h.next<LiveSignals>('live.signals', (m) => sig(m, 'L3', 'motor-current')?.quality === 'good' && sig(m, 'L1', 'temperature')?.quality === 'good');
    expect(first.lines.map((l) => l.lineId)).toEqual(['L1', 'L2', 'L3']);
    expect(first.lines.every((l) => l.link === 'connected' && !l.stale)).toBe(true);
    expect(sig(first, 'L1', 'temperature')).toMatchObject({ value: at0[0]!.Temperature, quality: 'good', band: 'normal' });
    expect(sig(first, 'L2', 'pressure')).toMatchObject({ value: at0[1]!.Pressure, quality: 'good', band: 'normal' });
    expect(sig(first, 'L1', 'temperature')!.reason).toBeUndefined();

    // Line 1 is starved from tick 90 of its script: its supply pressure drops below the band.
    h.plant.advance(95);
    const starved = h.plant.currentProcessValues()[0]!;
    expect(starved.Pressure).toBe(3.1);
    const low = await h.next<LiveSignals>('live.signals', (m) => sig(m, 'L1', 'pressure')?.value === 3.1);
    expect(sig(low, 'L1', 'pressure')).toMatchObject({ quality: 'good', band: 'low' });
    expect(sig(low, 'L1', 'motor-current')).toMatchObject({ value: 2, band: 'normal' });

    // Its drive warms up before the scripted fault at tick 220: above the band two ticks before.
    h.plant.advance(218 - 95);
    const hot = h.plant.currentProcessValues()[0]!.Temperature;
    expect(hot).toBeGreaterThan(58);
    const high = await h.next<LiveSignals>('live.signals', (m) => sig(m, 'L1', 'temperature')?.value === hot);
    expect(sig(high, 'L1', 'temperature')).toMatchObject({ quality: 'good', band: 'high' });
  });

  it('reports a node the controller lacks, and a namespace it lacks, as Bad with the reason, without disturbing the counts', async () => {
    // The good signals of the same line and controller keep coming, and so do the line's counts.
    h.plant.advance(1);
    const expected = h.plant.currentValues()[0]!;
    const next = h.plant.currentProcessValues()[0]!;
    const m = await h.next<LiveSignals>('live.signals', (x) => sig(x, 'L1', 'temperature')?.value === next.Temperature && sig(x, 'L1', 'temperature')?.quality === 'good');
    expect(sig(m, 'L1', 'ghost')).toMatchObject({ value: null, quality: 'bad', band: null });
    expect(sig(m, 'L1', 'ghost')!.reason).toMatch(/no such tag.*NoSuchSensor/);
    expect(sig(m, 'L1', 'foreign')).toMatchObject({ value: null, quality: 'bad' });
    expect(sig(m, 'L1', 'foreign')!.reason).toContain('no namespace "urn:not-on-this-plc"');
    await h.next<LiveLines>('live.lines', (x) => x.lines[0]!.good.value === expected.goodCount && x.lines[0]!.good.quality === 'good');
  });

  it('shows a Bad status, NaN and text from the controller as Bad, never Good; Uncertain as Uncertain', async () => {
    const set = (value: unknown, statusCode: number, dataType: 'Double' | 'String' = 'Double') => h.plant.setHostile(0, { dataType, value, statusCode, sourceTimestamp: new Date() });
    const raw = (pred: (s: SignalReading) => boolean) => h.next<LiveSignals>('live.signals', (m) => { const s = sig(m, 'L1', 'raw'); return s !== undefined && pred(s); }).then((m) => sig(m, 'L1', 'raw')!);

    set(4.25, StatusCodes.Good.value);
    expect(await raw((s) => s.value === 4.25)).toMatchObject({ quality: 'good', band: 'normal' });

    set(9.5, StatusCodes.BadSensorFailure.value);
    const bad = await raw((s) => s.quality === 'bad');
    // The last Good value stays, greyed on screen, never as the current one; the reason names the status.
    expect(bad).toMatchObject({ value: 4.25, band: null });
    expect(bad.reason).toContain('BadSensorFailure');

    set(6.5, StatusCodes.Good.value);
    expect(await raw((s) => s.value === 6.5)).toMatchObject({ quality: 'good', band: 'high' });

    set(Number.NaN, StatusCodes.Good.value);
    const nan = await raw((s) => s.quality === 'bad');
    expect(nan.value).toBe(6.5);
    expect(nan.reason).toMatch(/not a finite number/);

    set('12,5', StatusCodes.Good.value, 'String');
    const text = await raw((s) => s.quality === 'bad' && /text/.test(s.reason ?? ''));
    expect(text.reason).toBe('The controller sent text ("12,5"), not a number.');

    set(0.5, StatusCodes.UncertainLastUsableValue.value);
    const uncertain = await raw((s) => s.quality === 'uncertain');
    expect(uncertain).toMatchObject({ value: 0.5, band: 'low' });
    expect(uncertain.reason).toContain('Uncertain');
  });

  it('answers a watch with the watched line\'s values and refuses a malformed one', async () => {
    // A second screen that shows line 2 only.
    const seen: LiveSignals[] = [];
    const off = h.core.events.subscribe((stream, payload) => void (stream === 'live.signals' && seen.push(payload as LiveSignals)));
    try {
      const s = h.core.openSession();
      const r = await h.core.dispatch('signals.watch', { lineIds: ['L2'] }, s);
      if (!r.ok) throw new Error(r.error.message);
      expect((r.value as LiveSignals).lines.map((l) => l.lineId)).toEqual(['L2']);
      expect(sig(r.value as LiveSignals, 'L2', 'pressure')?.quality).toBe('good');
      const bad = await h.core.dispatch('signals.watch', { lineIds: 'L2' } as never, s);
      expect(bad.ok).toBe(false);
      h.core.closeSession(s);
    } finally {
      off.dispose();
    }
    // The first screen (all three lines) is still open: every message has the three lines.
    expect(seen.every((m) => m.lines.length === 3)).toBe(true);
  });

  it('answers signals.snapshot with every line', async () => {
    const s = h.core.openSession();
    const r = await h.core.dispatch('signals.snapshot', {}, s);
    if (!r.ok) throw new Error(r.error.message);
    const snap = r.value as LiveSignals;
    expect(snap.lines).toHaveLength(3);
    expect(sig(snap, 'L1', 'ghost')?.quality).toBe('bad');
    h.core.closeSession(s);
  });

  it('turns every value Bad with the last value kept while the controller is away, and Good again after', async () => {
    const before = h.plant.currentProcessValues()[1]!.Pressure;
    const restarting = h.plant.restart(1500);
    const away = await h.next<LiveSignals>('live.signals', (m) => line(m, 'L2')?.link !== 'connected');
    await restarting;
    const p = sig(away, 'L2', 'pressure')!;
    expect(p).toMatchObject({ quality: 'bad', value: before, band: null });
    expect(p.reason).toMatch(/^Not connected to the controller/);
    expect(line(away, 'L2')!.signals.every((s) => s.quality === 'bad')).toBe(true);
    await h.next<LiveSignals>('live.signals', (m) => line(m, 'L2')?.link === 'connected' && sig(m, 'L2', 'pressure')?.quality === 'good', 30_000);
  }, 40_000);
});
