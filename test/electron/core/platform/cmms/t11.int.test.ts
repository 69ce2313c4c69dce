import { runT11 } from '../../../../reliability/rows/t11CmmsDropAfterCreate.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

// Reduced count for every `npm test`; the full 500 per target run in `npm run reliability`.
describe.each(['servicenow', 'maintainx'] as const)('T11 (reduced) %s', (target) => {
  it('60 cases, 30 % of creates answered by a dropped connection → exactly 60 records, no duplicates', async () => {
    const r = await runT11(tmp.dir, target, 60);
    console.log(r.line);
    expect(r.dropped).toBeGreaterThan(5);
    expect(r.records).toBe(60);
    expect(r.duplicates).toBe(0);
    expect(r.done).toBe(60);
    expect(r.readBacks).toBeGreaterThan(0);
  });
});
