import { RecentDeltas } from '../../../../../electron/core/features/production/recentDeltas.ts';
import { ratePerMinute } from '../../../../../shared/domain/production.ts';

const WINDOW = 60_000;

// The tracker's live rate without an object per counter notification: the same rate as ratePerMinute over
// the deltas the old array kept (filtered every second), including deltas that arrive out of order.
describe('RecentDeltas', () => {
  it('gives the rate ratePerMinute gives over the filtered array, second by second, for 10 minutes of jittered deltas', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const recent = new RecentDeltas();
    let old: { at: number; parts: number }[] = [];
    const T0 = 1_800_000_000_000;
    const trackedSince = T0 + 2_000;
    let now = T0;
    for (let second = 0; second < 600; second++) {
      for (let k = 0; k < 10; k++) {
        now += 100;
        // Source timestamps jitter: now and then one is older than the one before it.
        const at = Math.min(now, now - Math.floor(rnd() * (rnd() < 0.1 ? 3_000 : 50)));
        const parts = 1 + Math.floor(rnd() * 3);
        recent.push(at, parts);
        old.push({ at, parts });
        if (k === 4) expect(recent.ratePerMinute(now, WINDOW, trackedSince)).toBe(ratePerMinute(old, now, WINDOW, trackedSince));
      }
      // The tracker's flush, once a second.
      const cutoff = now - WINDOW;
      recent.forgetUpTo(cutoff);
      if (old.length > 0 && old[0]!.at <= cutoff) old = old.filter((r) => r.at > cutoff);
      expect(recent.ratePerMinute(now, WINDOW, trackedSince)).toBe(ratePerMinute(old, now, WINDOW, trackedSince));
      // What it keeps stays about the window (600 deltas), plus the few out of order still behind newer ones.
      expect(recent.length).toBeLessThanOrEqual(old.length + 40);
    }
    expect(recent.ratePerMinute(now, WINDOW, now)).toBeNull();
    recent.clear();
    expect(recent.length).toBe(0);
    expect(recent.ratePerMinute(now + 1000, WINDOW, trackedSince)).toBe(0);
  });
});
