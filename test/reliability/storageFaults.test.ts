import { makeTempDir } from '../fixtures/tempDir.ts';
import { type RowResult, rowCorrupted, rowDeletedWal, rowDiskFull, rowForeign, rowReadOnly, rowTruncated, rowZeroByte } from './rows/storageFaults.ts';

// Issue 14, storage part of the fault matrix: each row damages the data folder, then starts
// `npm run serve` (scripts/serve.ts, demo plant) as a person would and reads what it prints.
describe('storage fault matrix', () => {
  const tmp = makeTempDir('plant-console-storage-faults-');
  afterAll(() => tmp.cleanup());
  const report = (r: RowResult) => {
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  };
  it('0-byte database', async () => report(await rowZeroByte(tmp.dir)));
  it('truncated database', async () => report(await rowTruncated(tmp.dir)));
  it('bytes corrupted in the middle', async () => report(await rowCorrupted(tmp.dir)));
  it("foreign database (another console's)", async () => report(await rowForeign(tmp.dir)));
  it('deleted WAL after kill -9 of a writer', async () => report(await rowDeletedWal(tmp.dir)));
  it('disk full on a size-limited file system', async () => report(await rowDiskFull(tmp.dir)));
  it('read-only data folder', async () => report(await rowReadOnly(tmp.dir)));
});
