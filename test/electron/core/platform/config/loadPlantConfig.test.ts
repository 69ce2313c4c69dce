import fs from 'node:fs';
import path from 'node:path';
import { loadPlantConfig, parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { demoPlantConfigPath, makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function write(name: string, content: unknown): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function mutate(fn: (cfg: any) => void): unknown {
  const cfg = readDemoPlantConfig();
  fn(cfg);
  return cfg;
}

describe('loadPlantConfig', () => {
  it('accepts the demo plant and fills defaults', () => {
    const r = loadPlantConfig(demoPlantConfigPath);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines.map((l) => l.id)).toEqual(['L1', 'L2', 'L3']);
    expect(r.value.shiftCalendar.holidays).toContain('2026-12-25');
  });

  it('refuses OAuth on the REST ERP (its adapter signs in with the credentials secret and would ignore it)', () => {
    const oauth = { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'console', clientSecretSecret: 'erp-oauth' };
    const file = write('rest-oauth.json', mutate((c) => Object.assign(c.erp, { kind: 'rest', oauth, storageLocations: undefined })));
    const r = loadPlantConfig(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems).toEqual([{ path: 'erp.oauth', message: expect.stringContaining('not OAuth') }]);
    expect(loadPlantConfig(write('sap-oauth.json', mutate((c) => Object.assign(c.erp, { oauth })))).ok).toBe(true);
  });

  it('names the file, the path inside it and what was expected', () => {
    const file = write('bad-tag.json', mutate((c) => (c.lines[1].tags.goodCount = 'ns=2;s=Line2.GoodCount')));
    const r = loadPlantConfig(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(file);
    expect(r.error.problems).toEqual([{ path: 'lines[1].tags.goodCount', message: expect.stringContaining('namespace URI') }]);
    expect(r.error.text).toContain(file);
    expect(r.error.text).toContain('lines[1].tags.goodCount');
  });

  it('reports every field problem at once, not the first only', () => {
    const file = write('many.json', mutate((c) => {
      delete c.plant.timeZone;
      c.lines[0].stateMap['9'] = 'exploded';
      c.controllers[0].extra = 1;
    }));
    const r = loadPlantConfig(file);
    if (r.ok) throw new Error('expected failure');
    expect(r.error.problems.map((p) => p.path).sort()).toEqual(['controllers[0]', 'lines[0].stateMap.9', 'plant.timeZone']);
    expect(r.error.problems.find((p) => p.path === 'plant.timeZone')!.message).toContain('missing');
    expect(r.error.problems.find((p) => p.path === 'controllers[0]')!.message).toContain('"extra"');
    expect(r.error.problems.find((p) => p.path === 'lines[0].stateMap.9')!.message).toContain('"running"');
  });

  // Cross-references are checked once every field is well-formed (zod runs object refinements last).
  it('checks that lines point at a configured controller', () => {
    const file = write('xref.json', mutate((c) => (c.lines[2].controllerId = 'nope')));
    const r = loadPlantConfig(file);
    if (r.ok) throw new Error('expected failure');
    expect(r.error.problems).toEqual([{ path: 'lines[2].controllerId', message: 'no controller with id "nope"; known: demo-plc' }]);
  });

  it('refuses deprecated security policies by name', () => {
    const file = write('deprecated.json', mutate((c) => (c.controllers[0].security = { mode: 'SignAndEncrypt', policy: 'Basic128Rsa15' })));
    const r = loadPlantConfig(file);
    if (r.ok) throw new Error('expected failure');
    expect(r.error.problems).toEqual([{ path: 'controllers[0].security.policy', message: expect.stringContaining('Basic128Rsa15 is deprecated') }]);
  });

  it('allows SecurityPolicy None only when asked for explicitly in a demo plant', () => {
    const notAsked = write('none1.json', mutate((c) => (c.controllers[0].security.allowInsecure = false)));
    const production = write('none2.json', mutate((c) => (c.mode = 'production')));
    const r1 = loadPlantConfig(notAsked);
    const r2 = loadPlantConfig(production);
    expect(!r1.ok && r1.error.problems[0]!.message).toContain('allowInsecure');
    expect(!r2.ok && r2.error.problems[0]!.message).toContain('only in a plant with "mode": "demo"');
  });

  it('explains unreadable and malformed files', () => {
    const missing = loadPlantConfig(path.join(tmp.dir, 'nope.json'));
    expect(!missing.ok && missing.error.problems[0]!.message).toBe('the file does not exist');
    const broken = parsePlantConfig('x.json', '{ "plant": ');
    expect(!broken.ok && broken.error.problems[0]!.message).toContain('not valid JSON');
  });

  it('refuses duplicate ids and unknown time zones', () => {
    const file = write('dup.json', mutate((c) => {
      c.lines[1].id = 'L1';
      c.plant.timeZone = 'Mars/Olympus';
    }));
    const r = loadPlantConfig(file);
    if (r.ok) throw new Error('expected failure');
    // L2 no longer exists, so its storage location is refused too: every problem at once.
    expect(r.error.problems.map((p) => p.path).sort()).toEqual(['erp.storageLocations.lines.L2', 'lines[1].id', 'plant.timeZone']);
  });
});
