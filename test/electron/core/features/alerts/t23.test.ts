import { runT23 } from '../../../../reliability/rows/t23ShelveClockJumps.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('T23 (reduced): timed shelves across wall-clock jumps', () => {
  it('no alert stays shelved past its expiry and none is released early when the wall clock jumps +2 h then −1 h', () => {
    const r = runT23(tmp.dir, 10);
    console.log(r.line);
    expect(r.shownPastExpiry).toBe(0);
    expect(r.releasedEarly).toBe(0);
  });
});
