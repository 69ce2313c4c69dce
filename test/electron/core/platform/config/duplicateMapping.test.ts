import fs from 'node:fs';
import path from 'node:path';
import { parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { saveLineMapping } from '../../../../../electron/core/features/connectivity/saveLineMapping.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

/** Defect 12: two lines mapped to the same counter or state tag are refused, with both lines named. */
const demo = (): { lines: { id: string; name: string; controllerId: string; tags: Record<string, string> }[] } => JSON.parse(fs.readFileSync(demoPlantConfigPath, 'utf8'));

describe('two lines mapped to the same tags', () => {
  it('the plant configuration is refused, naming both lines and the tag', () => {
    const cfg = demo();
    cfg.lines[1]!.tags.goodCount = cfg.lines[0]!.tags.goodCount!;
    const r = parsePlantConfig('plant.json', JSON.stringify(cfg));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems).toHaveLength(1);
    expect(r.error.problems[0]!.path).toBe('lines[1].tags.goodCount');
    const text = r.error.text;
    expect(text).toContain('Line 1 – Filling');
    expect(text).toContain('Line 2 – Capping');
    expect(text).toContain(cfg.lines[0]!.tags.goodCount);
  });

  it('a counter used as the other line’s state tag is refused too; distinct tags and the shipped demo are accepted', () => {
    const cfg = demo();
    cfg.lines[2]!.tags.machineState = cfg.lines[0]!.tags.rejectCount!;
    const r = parsePlantConfig('plant.json', JSON.stringify(cfg));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.text).toMatch(/Line 3 – Packing[\s\S]*Line 1 – Filling/);
    expect(parsePlantConfig('plant.json', fs.readFileSync(demoPlantConfigPath, 'utf8')).ok).toBe(true);
  });

  it('the same node id on two different controllers is not a duplicate', () => {
    const cfg = demo() as ReturnType<typeof demo> & { controllers: Record<string, unknown>[] };
    cfg.controllers.push({ ...cfg.controllers[0], id: 'plc-2', name: 'Second controller', endpoint: 'opc.tcp://127.0.0.1:48011/UA/DemoPlant' });
    cfg.lines[1]!.controllerId = 'plc-2';
    cfg.lines[1]!.tags = { ...cfg.lines[0]!.tags };
    const r = parsePlantConfig('plant.json', JSON.stringify(cfg));
    expect(r.ok ? 'ok' : r.error.text).toBe('ok');
  });

  it('the Settings save refuses a mapping that reuses another line’s tags and leaves the file as it was', () => {
    const tmp = makeTempDir('dup-mapping-');
    try {
      const file = path.join(tmp.dir, 'plant.json');
      fs.copyFileSync(demoPlantConfigPath, file);
      const before = fs.readFileSync(file, 'utf8');
      const l1 = demo().lines[0]!;
      const r = saveLineMapping(
        file,
        { id: 'L9', name: 'Line 9 – Labelling', controllerId: 'demo-plc', tags: { goodCount: l1.tags.goodCount!, machineState: 'nsu=urn:x;s=S9' }, stateMap: { '1': 'running' }, targetRatePerMin: 30 },
        Date.now(),
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID');
      expect(r.error.message).toContain('Line 9 – Labelling');
      expect(r.error.message).toContain('Line 1 – Filling');
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
      expect(fs.readdirSync(tmp.dir)).toEqual(['plant.json']);
    } finally {
      tmp.cleanup();
    }
  });
});
