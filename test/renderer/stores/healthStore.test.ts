import { healthStore, initialHealthState, reduceHealth } from '../../../renderer/stores/healthStore.ts';

const snap = (at: number, state: 'ok' | 'degraded' | 'stopped', message = '') => ({
  at,
  modules: [
    { module: 'production', label: 'Production counting', state: 'ok' as const, since: 0, message: '' },
    { module: 'alerts', label: 'Alerts and cases', state, since: at, message },
  ],
});

describe('module health on every screen', () => {
  afterEach(() => healthStore.setState(initialHealthState, true));

  it('keeps the degraded and stopped modules; an older snapshot never replaces a newer one', () => {
    const degraded = reduceHealth(initialHealthState, snap(10, 'degraded', 'Alerts and cases: a periodic task failed (disk I/O error). The rest of the console keeps working.'));
    expect(degraded.troubled.map((m) => m.module)).toEqual(['alerts']);
    expect(reduceHealth(degraded, snap(5, 'ok'))).toBe(degraded);
    expect(reduceHealth(degraded, snap(20, 'ok')).troubled).toEqual([]);
  });
});
