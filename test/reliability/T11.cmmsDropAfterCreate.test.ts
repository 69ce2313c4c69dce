import { runT11 } from './rows/t11CmmsDropAfterCreate.ts';
import { makeTempDir } from '../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe.each(['servicenow', 'maintainx'] as const)('T11 CMMS create answered by a reset (%s)', (target) => {
  it('500 cases, 30 % dropped after create → exactly 500', async () => {
    const r = await runT11(tmp.dir, target, 500);
    console.log(r.line);
    expect(r.records).toBe(500);
    expect(r.duplicates).toBe(0);
  });
});
