import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { START_ATTEMPTS_FILE } from '../../../../../electron/core/platform/host/startAttempts.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { CoreStartError, startCore } from '../../../../../electron/core/startCore.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

// Issue 13, class fix of defect 1: a core that dies at start-up twice from the same data says which
// module, table and error, and stops trying, instead of looping.
describe('start-up crash loop', () => {
  const tmp = makeTempDir('crash-loop-');
  const dataDir = path.join(tmp.dir, 'data');
  afterAll(() => tmp.cleanup());
  const start = (logger = memoryLogger()) =>
    startCore(
      // The controller is unreachable on purpose: a state on screen, not a start failure.
      { configPath: demoPlantConfigPath, dataDir, host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': 'opc.tcp://127.0.0.1:1/none' } },
      { clock: systemClock, logger, secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() },
    );
  const failure = async (): Promise<CoreStartError> => {
    try {
      const core = await start();
      await core.dispose();
    } catch (e) {
      if (e instanceof CoreStartError) return e;
      throw e;
    }
    throw new Error('the core started');
  };

  it('fails, fails again the same way and then refuses with module, table and error; starts again once fixed and the file is deleted', async () => {
    const first = await start();
    await first.dispose();
    // The same damaged data on every start: a table the alerts module reads when it is created is gone.
    const other = new Database(path.join(dataDir, 'console.db'));
    other.exec('ALTER TABLE alert RENAME TO alert_hidden');
    other.close();

    const a = await failure();
    expect(a.code).toBe('MODULE');
    expect(a.message).toContain('Alerts');
    expect(a.message).toContain('no such table: alert');

    const b = await failure();
    expect(b.code).toBe('CRASH_LOOP');
    const c = await failure();
    expect(c.code).toBe('CRASH_LOOP');
    for (const e of [b, c]) {
      expect(e.message).toContain('failed to start twice in a row');
      expect(e.message).toContain('Alerts');
      expect(e.message).toContain('Table: alert');
      expect(e.message).toContain('no such table: alert');
      expect(e.message).toContain(path.join(dataDir, START_ATTEMPTS_FILE));
      expect(e.message).not.toMatch(/\n|at .*\.ts:\d/);
    }

    // An administrator restores the data and deletes the file: the console starts.
    const fix = new Database(path.join(dataDir, 'console.db'));
    fix.exec('ALTER TABLE alert_hidden RENAME TO alert');
    fix.close();
    fs.rmSync(path.join(dataDir, START_ATTEMPTS_FILE));
    const again = await start();
    const info = await again.dispatch('system.info', {}, again.openSession());
    expect(info.ok).toBe(true);
    await again.dispose();
  }, 60_000);

  it('counts a start killed without a word (a native crash) and refuses after three at the same stage, not after two', async () => {
    const killedDir = path.join(tmp.dir, 'killed');
    fs.mkdirSync(killedDir, { recursive: true });
    const killOnce = () => {
      const r = spawnSync(process.execPath, [path.join(import.meta.dirname, 'killedStartChild.ts'), killedDir, '0.0.0-test'], { encoding: 'utf8' });
      expect(r.signal).toBe('SIGKILL');
    };
    const startIn = () =>
      startCore(
        { configPath: demoPlantConfigPath, dataDir: killedDir, host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': 'opc.tcp://127.0.0.1:1/none' } },
        { clock: systemClock, logger: memoryLogger(), secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() },
      );
    // Two killed starts: a power cut twice is not yet a loop; the console starts.
    killOnce();
    killOnce();
    const core = await startIn();
    await core.dispose();

    killOnce();
    killOnce();
    killOnce();
    const refused = await startIn().then(
      async (c) => {
        await c.dispose();
        return null;
      },
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CoreStartError);
    expect((refused as CoreStartError).code).toBe('CRASH_LOOP');
    expect((refused as CoreStartError).message).toContain('3 times in a row');
    expect((refused as CoreStartError).message).toContain('Alerts and cases');
    expect((refused as CoreStartError).message).toContain('killed or crashed');
  }, 60_000);
});
