import fs from 'node:fs';
import { parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';

const demo = JSON.parse(fs.readFileSync('resources/demo-plant.json', 'utf8')) as { erp: Record<string, unknown> };
const withErp = (erp: Record<string, unknown>) => JSON.stringify({ ...demo, erp: { ...demo.erp, ...erp } });

describe('ERP timing settings at configuration load (issue 14 A)', () => {
  it('accepts the shipped demo: the read-back after timeout + settle comes after the ERP can no longer post', () => {
    const r = parsePlantConfig('/etc/plant.json', JSON.stringify(demo));
    expect(r.ok).toBe(true);
  });

  it('refuses a settle time that ends before the ERP’s processing limit, and says what to set', () => {
    const r = parsePlantConfig('/etc/plant.json', withErp({ timeoutSec: 10, settleSec: 5, processingLimitSec: 600 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems).toEqual([{ path: 'erp.settleSec', message: expect.stringContaining('set settleSec to at least 591') }]);
    expect(r.error.text).toContain('15 s after a request left');
    expect(r.error.text).not.toMatch(/at .*\.ts:|Error:/);
  });

  it('leaves a configuration without a stated limit as it was (the ERP is taken to stop when the console gives up)', () => {
    expect(parsePlantConfig('/etc/plant.json', withErp({ timeoutSec: 10, settleSec: 0, processingLimitSec: undefined })).ok).toBe(true);
  });
});
