import path from 'node:path';
import Database from 'better-sqlite3';
import type { HealthSnapshot } from '../../../shared/contract/domains/system.ts';
import { type CoreHarness, startCoreWithDemoPlant } from '../../fixtures/coreHarness.ts';

// Issue 13, class fix of defect 1: an error thrown in a module's timer or in a stream listener used to end
// the core (uncaught exception in a timer). Now it is logged, the module shows degraded on system.health,
// and the rest of the core keeps answering.
describe('a failing module timer or stream listener does not take the core down', () => {
  let h: CoreHarness;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(async () => {
    process.on('uncaughtException', onUnhandled);
    process.on('unhandledRejection', onUnhandled);
    h = await startCoreWithDemoPlant();
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    process.off('uncaughtException', onUnhandled);
    process.off('unhandledRejection', onUnhandled);
  });

  const call = async <T>(key: string, payload: unknown = {}): Promise<T> => {
    const r = await h.core.dispatch(key, payload, h.core.openSession());
    if (!r.ok) throw new Error(`${key}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const entry = (s: HealthSnapshot, module: string) => s.modules.find((m) => m.module === module);

  it('a throw in the alerts module timer: logged, alerts degraded, commands still answered, and ok again once it works', async () => {
    const initial = await call<HealthSnapshot>('system.health');
    expect(entry(initial, 'alerts')?.state).toBe('ok');
    // Damage the data under the running core: the alerts module's 1-second shelve tick now throws.
    const other = new Database(path.join(h.dataDir, 'console.db'));
    const degraded = h.next<HealthSnapshot>('system.health', (s) => entry(s, 'alerts')?.state === 'degraded', 60_000);
    other.exec('ALTER TABLE alert RENAME TO alert_hidden');
    const s = await degraded;
    const alerts = entry(s, 'alerts')!;
    expect(alerts.message).toMatch(/^Alerts: .+ failed \(.*no such table: alert.*\)\. The rest of the console keeps working\.$/);
    expect(alerts.message).not.toMatch(/\n|at .*\.ts:/);
    expect(h.logger.lines.some((l) => l.level === 'error' && l.fields?.module === 'alerts')).toBe(true);
    // The rest runs: the core answers, live values keep coming, other modules are ok.
    expect((await call<{ plantId: string }>('system.info')).plantId).toBeTruthy();
    await h.next('live.lines', undefined, 60_000);
    expect(entry(await call<HealthSnapshot>('system.health'), 'production')?.state).toBe('ok');
    // The data is put back: the next tick works and the module is ok again.
    const recovered = h.next<HealthSnapshot>('system.health', (x) => entry(x, 'alerts')?.state === 'ok', 60_000);
    other.exec('ALTER TABLE alert_hidden RENAME TO alert');
    other.close();
    await recovered;
    expect(unhandled).toEqual([]);
  }, 150_000);

  it('a throw in a stream listener: logged, that listener shows degraded, other listeners and commands go on', async () => {
    let thrown = 0;
    // The plant moves, so live values keep coming.
    const ticking = setInterval(() => h.plant.advance(), 100);
    const sub = h.core.events.subscribe((stream) => {
      if (stream === 'live.lines') {
        thrown += 1;
        throw new Error('the screen bridge broke');
      }
    }, 'test-bridge');
    const s = await h.next<HealthSnapshot>('system.health', (x) => entry(x, 'test-bridge')?.state === 'degraded', 60_000);
    expect(entry(s, 'test-bridge')!.message).toContain('the screen bridge broke');
    await h.next('live.lines', undefined, 60_000);
    await h.next('live.lines', undefined, 60_000);
    expect(thrown).toBeGreaterThan(1);
    expect((await call<{ plantId: string }>('system.info')).plantId).toBeTruthy();
    sub.dispose();
    clearInterval(ticking);
    expect(unhandled).toEqual([]);
  }, 150_000);
});
