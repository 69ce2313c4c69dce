import fs from 'node:fs';
import path from 'node:path';
import { saveLineMapping } from '../../../../../electron/core/features/connectivity/saveLineMapping.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

const line = {
  id: 'L9',
  name: 'Line 9',
  controllerId: 'demo-plc',
  tags: { goodCount: 'nsu=urn:x;s=G', machineState: 'nsu=urn:x;s=S' },
  stateMap: { '1': 'running' as const },
  targetRatePerMin: 30,
};

describe('saveLineMapping', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir('save-mapping-');
    file = path.join(tmp.dir, 'plant.json');
    fs.copyFileSync(demoPlantConfigPath, file);
  });
  afterEach(() => tmp.cleanup());

  it('adds a line, keeps the previous file as a backup and leaves no temporary file', () => {
    const before = fs.readFileSync(file, 'utf8');
    const r = saveLineMapping(file, line, Date.UTC(2026, 10, 23, 8));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.created).toBe(true);
    expect(fs.readFileSync(r.value.backupPath, 'utf8')).toBe(before);
    expect(r.value.backupPath).toContain('2026-11-23T08-00-00-000Z');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { lines: { id: string }[] };
    expect(saved.lines.at(-1)).toMatchObject(line);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('updates an existing line in place, keeping fields the mapping does not carry', () => {
    const r = saveLineMapping(file, { ...line, id: 'L1' }, Date.now());
    expect(r.ok && r.value.created).toBe(false);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { lines: { id: string; name: string; idealCycleTimeSec?: number }[] };
    expect(saved.lines.filter((l) => l.id === 'L1')).toHaveLength(1);
    expect(saved.lines[0]).toMatchObject({ name: 'Line 9', idealCycleTimeSec: 0.455 });
  });

  it('refuses a mapping that makes the configuration invalid and changes nothing', () => {
    const before = fs.readFileSync(file, 'utf8');
    const r = saveLineMapping(file, { ...line, controllerId: 'ghost' }, Date.now());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID');
    expect(r.error.message).toMatch(/controllerId/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(tmp.dir)).toEqual(['plant.json']);
  });
});
