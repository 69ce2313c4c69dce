import { parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import { readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

type Cfg = { lines: { id: string; signals?: unknown[] }[] };

function parse(fn: (cfg: Cfg) => void) {
  const cfg = readDemoPlantConfig() as unknown as Cfg;
  fn(cfg);
  return parsePlantConfig('/etc/plant.json', JSON.stringify(cfg));
}

function problems(fn: (cfg: Cfg) => void): { path: string; message: string }[] {
  const r = parse(fn);
  if (r.ok) throw new Error('expected the configuration to be refused');
  return r.error.problems;
}

const signal = (id: string, extra: Record<string, unknown> = {}) => ({ id, label: `Signal ${id}`, nodeId: demoNodeRef(1, 'Temperature'), ...extra });

describe('plant configuration: line signals', () => {
  it('accepts the demo plant signals and fills the defaults', () => {
    const r = parse(() => undefined);
    if (!r.ok) throw new Error(r.error.text);
    const l1 = r.value.lines[0]!;
    expect(l1.signals.map((s) => s.id)).toEqual(['temperature', 'pressure', 'motor-current']);
    expect(l1.signals[1]).toEqual({ id: 'pressure', label: 'Fill pressure', nodeId: demoNodeRef(1, 'Pressure'), unit: 'bar', decimals: 2, low: 3.5, high: 5 });
  });

  it('defaults to no signals, one decimal, and no unit or band', () => {
    const r = parse((c) => {
      delete c.lines[0]!.signals;
      c.lines[1]!.signals = [signal('t')];
    });
    if (!r.ok) throw new Error(r.error.text);
    expect(r.value.lines[0]!.signals).toEqual([]);
    expect(r.value.lines[1]!.signals).toEqual([{ id: 't', label: 'Signal t', nodeId: demoNodeRef(1, 'Temperature'), decimals: 1 }]);
  });

  it('refuses a signal id used twice on one line, naming the second; the same id on two lines is fine', () => {
    expect(problems((c) => (c.lines[0]!.signals = [signal('t'), signal('p'), signal('t')]))).toEqual([{ path: 'lines[0].signals[2].id', message: 'duplicate signal id "t" on this line' }]);
    expect(parse((c) => (c.lines[1]!.signals = [signal('temperature')])).ok).toBe(true);
  });

  it('names each bad field by its place in the file, all at once', () => {
    const found = problems((c) => {
      c.lines[0]!.signals = [
        signal('t', { nodeId: 'ns=2;s=Line1.Temperature' }),
        signal('p', { low: 5, high: 3.5 }),
        signal('c', { units: 'A' }),
        signal('d', { decimals: 7 }),
        signal('has space'),
        { id: 'e', nodeId: demoNodeRef(1, 'Pressure') },
      ];
      c.lines[2]!.signals = [signal('x', { label: '  ' })];
    });
    const byPath = Object.fromEntries(found.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath).sort()).toEqual([
      'lines[0].signals[0].nodeId',
      'lines[0].signals[1].high',
      'lines[0].signals[2]',
      'lines[0].signals[3].decimals',
      'lines[0].signals[4].id',
      'lines[0].signals[5].label',
      'lines[2].signals[0].label',
    ]);
    expect(byPath['lines[0].signals[0].nodeId']).toContain('namespace URI');
    expect(byPath['lines[0].signals[1].high']).toBe("the normal band's high (3.5) must be above its low (5)");
    expect(byPath['lines[0].signals[2]']).toBe('has unknown key "units" (misspelt?)');
    expect(byPath['lines[0].signals[5].label']).toContain('missing');
  });

  it('refuses more than 200 signals on one line', () => {
    const many = Array.from({ length: 201 }, (_, i) => signal(`s${i}`));
    expect(problems((c) => (c.lines[0]!.signals = many)).map((p) => p.path)).toEqual(['lines[0].signals']);
  });

  it('refuses the whole file, not just the line, and says which file', () => {
    const r = parse((c) => (c.lines[0]!.signals = [signal('t'), signal('t')]));
    if (r.ok) throw new Error('expected failure');
    expect(r.error.text).toContain('/etc/plant.json');
    expect(r.error.text).toContain('lines[0].signals[1].id: duplicate signal id "t"');
  });
});
