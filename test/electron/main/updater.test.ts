import { type UpdaterLike, setupUpdateChecks } from '../../../electron/main/updater.ts';

function fakeUpdater() {
  const listeners = new Map<string, (...a: never[]) => void>();
  let checks = 0;
  const u = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    allowPrerelease: true,
    on(event: string, l: (...a: never[]) => void) {
      listeners.set(event, l);
      return u;
    },
    checkForUpdates: async () => {
      checks += 1;
      return null;
    },
    fire: (event: string, ...args: unknown[]) => (listeners.get(event) as (...a: unknown[]) => void)(...args),
    checks: () => checks,
  };
  return u;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('update checks', () => {
  it('never downloads or installs by itself', () => {
    const u = fakeUpdater();
    setupUpdateChecks(u as UpdaterLike, { notice: () => undefined, log: () => undefined, currentVersion: '1.0.0' });
    expect(u.autoDownload).toBe(false);
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect(u.allowDowngrade).toBe(false);
    expect(u.allowPrerelease).toBe(false);
  });

  it('checks after a minute and then periodically, and announces a new version once', () => {
    const u = fakeUpdater();
    const notices: string[] = [];
    const d = setupUpdateChecks(u as UpdaterLike, { notice: (_l, m) => notices.push(m), log: () => undefined, currentVersion: '1.0.0', intervalMs: 3_600_000 });
    expect(u.checks()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(u.checks()).toBe(1);
    vi.advanceTimersByTime(3_600_000);
    expect(u.checks()).toBe(2); // the first check at 1 min, then the hourly one at 1 h
    u.fire('update-available', { version: '1.1.0' });
    u.fire('update-available', { version: '1.1.0' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('1.1.0');
    expect(notices[0]).toContain('Nothing is downloaded or installed automatically');
    d.dispose();
    vi.advanceTimersByTime(10 * 3_600_000);
    expect(u.checks()).toBe(2);
  });

  it('keeps an unreachable update server out of people’s way', () => {
    const u = fakeUpdater();
    const notices: string[] = [];
    const logs: string[] = [];
    setupUpdateChecks(u as UpdaterLike, { notice: (_l, m) => notices.push(m), log: (_l, m) => logs.push(m), currentVersion: '1.0.0' });
    u.fire('error', new Error('getaddrinfo ENOTFOUND updates.example.invalid'));
    expect(notices).toEqual([]);
    expect(logs).toEqual(['Update check failed']);
  });
});
