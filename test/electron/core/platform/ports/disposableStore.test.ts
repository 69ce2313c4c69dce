import { DisposableStore } from '../../../../../electron/core/platform/ports/disposableStore.ts';

const tracked = (log: string[], name: string, fail = false) => ({
  dispose() {
    log.push(name);
    if (fail) throw new Error(`${name} failed`);
  },
});

describe('DisposableStore', () => {
  it('disposes in reverse order, every item once', () => {
    const log: string[] = [];
    const s = new DisposableStore();
    s.add(tracked(log, 'a'));
    s.add(tracked(log, 'b'));
    s.dispose();
    s.dispose();
    expect(log).toEqual(['b', 'a']);
  });

  it('disposes a late addition at once', () => {
    const log: string[] = [];
    const s = new DisposableStore();
    s.dispose();
    s.add(tracked(log, 'late'));
    expect(log).toEqual(['late']);
    expect(s.isDisposed).toBe(true);
  });

  it('runs every dispose even when one throws, then throws the first error', () => {
    const log: string[] = [];
    const s = new DisposableStore();
    s.add(tracked(log, 'a', true));
    s.add(tracked(log, 'b', true));
    s.add(tracked(log, 'c'));
    expect(() => s.dispose()).toThrow('b failed');
    expect(log).toEqual(['c', 'b', 'a']);
  });

  it('clear() keeps the store usable', () => {
    const log: string[] = [];
    const s = new DisposableStore();
    s.add(tracked(log, 'a'));
    s.clear();
    s.add(tracked(log, 'b'));
    expect(log).toEqual(['a']);
    s.dispose();
    expect(log).toEqual(['a', 'b']);
  });
});
