import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { CoreStartError, startCore } from '../../../../../electron/core/startCore.ts';
import { fakePorts } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { mountSmallFs, type SmallFs } from './smallFs.ts';

/**
 * The storage start-up checks and the disk-full status through the real startCore (demo configuration;
 * the controller is not running, which is a state on screen, not a start failure).
 */
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const start = (dataDir: string, extra: { acceptNewDatabase?: boolean } = {}, ports = fakePorts({ clock: systemClock })) =>
  startCore({ configPath: demoPlantConfigPath, dataDir, host: 'test', version: 't', ...extra }, ports);
const startError = async (dataDir: string): Promise<CoreStartError> => {
  const r = await start(dataDir).then(
    async (core) => {
      await core.dispose();
      return null;
    },
    (e: unknown) => e,
  );
  expect(r).toBeInstanceOf(CoreStartError);
  return r as CoreStartError;
};
const signIn = (core: Core, s: string) => core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, s);

describe('startCore over an emptied database', () => {
  it('refuses to start as a brand-new plant, and starts when an administrator accepts a new database', async () => {
    const dataDir = path.join(tmp.dir, 'zero');
    const core = await start(dataDir);
    const s = core.openSession();
    expect((await signIn(core, s)).ok).toBe(true);
    await core.dispose();
    fs.truncateSync(path.join(dataDir, 'console.db'), 0);
    fs.rmSync(path.join(dataDir, 'console.db-wal'), { force: true });
    const err = await startError(dataDir);
    expect(err.code).toBe('DATABASE');
    expect(err.message).toMatch(/is empty \(0 bytes\), but this console had one \(last used .*, with \d+ audit records\)/);
    expect(err.message).toContain('--accept-new-database');
    const fresh = await start(dataDir, { acceptNewDatabase: true });
    await fresh.dispose();
  });
});

describe('startCore on a small real file system (tmpfs)', () => {
  let fsm: SmallFs | null = null;
  beforeAll(() => {
    fsm = mountSmallFs(tmp.dir, 24);
  });
  afterAll(() => fsm?.unmount());

  it('answers a command that hits a full disk with "The disk is full at <folder>: N MB needed", shows it on every screen, and recovers by itself (real clock)', async (ctx) => {
    if (!fsm) return ctx.skip();
    const dataDir = path.join(fsm.dir, 'data');
    const ports = fakePorts({ clock: systemClock });
    const core = await start(dataDir, {}, ports);
    const statuses: { state: string; message: string | null }[] = [];
    core.events.subscribe((stream, payload) => {
      if (stream === 'system.storage') statuses.push(payload as { state: string; message: string | null });
    });
    try {
      const s = core.openSession();
      fsm.fill(0);
      const answer = await signIn(core, s);
      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.error.code).toBe('UNAVAILABLE');
      expect(answer.error.message).toMatch(new RegExp(`^The disk is full at ${dataDir}: \\d+ MB needed\\.`));
      expect(statuses.at(-1)?.state).toBe('full');
      fsm.free();
      await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('ok'), { timeout: 20_000, interval: 200 });
      expect((await signIn(core, s)).ok).toBe(true);
    } finally {
      fsm.free();
      await core.dispose();
    }
  });

  it('refuses a restart on a full disk instead of reporting a start that sign-in would then fail', async (ctx) => {
    if (!fsm) return ctx.skip();
    const dataDir = path.join(fsm.dir, 'data');
    fsm.fill(0);
    try {
      const err = await startError(dataDir);
      expect(err.code).toBe('DATA_DIR');
      expect(err.message).toMatch(new RegExp(`^The disk is full at ${dataDir}: \\d+ MB needed\\.`));
    } finally {
      fsm.free();
    }
  });

  it('refuses a read-only data folder by name (a read-only mount: permission bits do not stop root)', async (ctx) => {
    if (!fsm) return ctx.skip();
    const dataDir = path.join(fsm.dir, 'data');
    fsm.readOnly();
    try {
      const err = await startError(dataDir);
      expect(err.code).toBe('DATA_DIR');
      expect(err.message).toContain(`The data folder ${dataDir} is read-only`);
    } finally {
      fsm.writable();
    }
    const core = await start(dataDir);
    await core.dispose();
  });
});
