import { ModuleHealth } from '../../../../../electron/core/platform/logging/moduleHealth.ts';
import type { HealthSnapshot } from '../../../../../shared/contract/domains/system.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';

describe('module health', () => {
  const make = () => {
    const clock = new FakeClock();
    const logger = memoryLogger();
    const published: HealthSnapshot[] = [];
    const h = new ModuleHealth({ now: () => clock.now(), logger, publish: (s) => published.push(s) });
    h.register('alerts', 'Alerts and cases');
    return { clock, logger, published, h };
  };

  it('a throwing interval is caught, logged once while it keeps failing, and the module is ok again once it works', () => {
    const { clock, logger, published, h } = make();
    let fail = true;
    let runs = 0;
    h.guardClock('alerts', clock).setInterval(1000, () => {
      runs += 1;
      if (fail) throw new Error('cannot store REAL value in INTEGER column alert.shelve_remaining_ms\n    at tickShelves (AlertService.ts:1:1)');
    });
    clock.advance(3000);
    expect(runs).toBe(3);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    const degraded = h.snapshot().modules[0]!;
    expect(degraded).toMatchObject({ module: 'alerts', state: 'degraded' });
    expect(degraded.message).toBe('Alerts and cases: a periodic task failed (cannot store REAL value in INTEGER column alert.shelve_remaining_ms). The rest of the console keeps working.');
    expect(published).toHaveLength(1);
    fail = false;
    clock.advance(1000);
    expect(h.snapshot().modules[0]).toMatchObject({ state: 'ok', message: '' });
    expect(published).toHaveLength(2);
  });

  it('a rejected promise from a timer or listener is caught the same way', async () => {
    const { h } = make();
    h.guard('alerts', 'taking an alarm from the controller', async () => {
      throw new Error('disk I/O error');
    })();
    await new Promise((r) => setImmediate(r));
    expect(h.snapshot().modules[0]).toMatchObject({ state: 'degraded', message: expect.stringContaining('taking an alarm from the controller failed (disk I/O error)') });
  });
});

describe('module health: one-off failures', () => {
  it('a failed one-off (an alarm refresh that only runs again after a reconnect) is cleared by the module’s next good periodic run', () => {
    const clock = new FakeClock();
    const h = new ModuleHealth({ now: () => clock.now(), logger: memoryLogger(), publish: () => undefined });
    h.register('alerts', 'Alerts and cases');
    h.guard('alerts', 'refreshing alarms from the controller', () => {
      throw new Error('no such table: alert');
    })();
    expect(h.snapshot().modules[0]!.state).toBe('degraded');
    h.guardClock('alerts', clock).setInterval(1000, () => undefined);
    clock.advance(1000);
    expect(h.snapshot().modules[0]!.state).toBe('ok');
  });
});
