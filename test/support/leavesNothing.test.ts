// The check of the unit-shared project (test/support/leavesNothing.ts): it must see what a file could leave
// behind for the next file in the same worker, and nothing when a file cleans up.
import { leftBehind, processState } from './leavesNothing.ts';

describe('what a file leaves behind in a shared worker', () => {
  it('sees a global, an env variable, a process listener and a timer left behind, and nothing once they are gone', () => {
    const before = processState();
    const g = globalThis as Record<string, unknown>;
    g.plantLeftover = 1;
    process.env.PLANT_LEFTOVER = '1';
    const onWarning = () => {};
    process.on('warning', onWarning);
    const timer = setInterval(() => {}, 60_000);
    try {
      expect(leftBehind(before, processState())).toEqual([
        'globals added: plantLeftover',
        'process.env changed',
        `process 'warning' listeners: ${before.listeners.warning} before, ${before.listeners.warning! + 1} after`,
        '1 Timeout left open',
      ]);
    } finally {
      delete g.plantLeftover;
      delete process.env.PLANT_LEFTOVER;
      process.off('warning', onWarning);
      clearInterval(timer);
    }
    expect(leftBehind(before, processState())).toEqual([]);
  });

  it('sees fake timers left on', () => {
    const before = processState();
    vi.useFakeTimers();
    try {
      expect(leftBehind(before, processState())).toContain('fake timers left on');
    } finally {
      vi.useRealTimers();
    }
  });
});
