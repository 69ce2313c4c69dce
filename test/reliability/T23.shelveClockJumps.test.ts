import { runT23 } from './rows/t23ShelveClockJumps.ts';
import { makeTempDir } from '../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

it('T23: timed shelve expiry honoured across clock jumps (50 alerts)', () => {
  const r = runT23(tmp.dir, 50);
  console.log(r.line);
  expect(r.shownPastExpiry).toBe(0);
  expect(r.releasedEarly).toBe(0);
});
