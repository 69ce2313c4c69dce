import path from 'node:path';
import { createOpcuaAlarms, type AlarmEvent, type AlarmsHost } from '../../../../../electron/core/platform/opcua/alarms.ts';
import type { ConnectionState } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import type { Disposable } from '../../../../../electron/core/platform/ports/ports.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { collectingLogger, controller, makeGateway, sleep, tempDir, waitFor } from '../../../../reliability/rows/support.ts';

/**
 * Defect 13 (T21 on a loaded machine): the alarms client started a ConditionRefresh on every state notice of the
 * gateway while connected (freshness: stale and fresh again, server facts …), which a loaded machine produces all
 * the time. Such a refresh, asked before a controller restart and answered after it began, was taken for the
 * reconnect's refresh: the console kept the state from before the restart (acknowledgements the controller had
 * forgotten: the "phantom acknowledgements"). A refresh is asked only after a reconnect, and every refresh says
 * when it was asked, so its answer can be matched to the reconnect.
 */
let tmp: ReturnType<typeof tempDir>;
let plant: DemoPlant;

beforeAll(async () => {
  tmp = tempDir('alarms-refresh-');
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
});
afterAll(async () => {
  await plant.stop();
  tmp.cleanup();
});

/** The real gateway, plus the state notices a loaded machine produces (stale, then fresh again) on demand. */
function noisyHost(g: ReturnType<typeof makeGateway>): AlarmsHost & { staleNotice(): void } {
  const listeners = new Set<(s: ConnectionState) => void>();
  const inner = g.onDidChangeState((s) => listeners.forEach((l) => l(s)));
  return {
    controllerId: g.controllerId,
    state: () => g.state(),
    alarmSession: () => g.alarmSession(),
    onDidChangeState(l): Disposable {
      listeners.add(l);
      return { dispose: () => (listeners.delete(l), listeners.size === 0 && inner.dispose()) };
    },
    staleNotice() {
      const s = g.state();
      listeners.forEach((l) => l({ ...s, staleSince: Date.now() - 1500 }));
      listeners.forEach((l) => l({ ...s, staleSince: null }));
    },
  };
}

it('asks for a ConditionRefresh after a reconnect only, not on freshness notices; each refresh says when it was asked', async () => {
  const g = makeGateway({ controller: controller(plant.endpointUrl, { publishingIntervalMs: 100 }), pkiDir: path.join(tmp.dir, 'pki'), demoMode: true, logger: collectingLogger() });
  await g.connect();
  const host = noisyHost(g);
  const events: AlarmEvent[] = [];
  const alarms = createOpcuaAlarms(host, { logger: collectingLogger(), onEvent: (e) => events.push(e), onRefreshed: () => undefined, publishingIntervalMs: 100 });
  try {
    expect(await waitFor(() => alarms.refreshCount() >= 1, 20_000)).toBe(true);
    await sleep(500);
    const before = alarms.refreshCount();
    for (let i = 0; i < 5; i++) host.staleNotice();
    await sleep(1500);
    expect(alarms.refreshCount()).toBe(before);

    plant.alarms.set('R1', true, { severity: 700, message: 'refresh test' });
    const restartAt = Date.now();
    await plant.restart(300);
    const answered = await waitFor(() => {
      const gap = g.gaps().find((x) => x.restoredAt >= restartAt);
      const last = alarms.lastRefresh();
      return !!gap && !!last && last.requestedAt >= gap.restoredAt;
    }, 30_000);
    expect(answered).toBe(true);
    expect(alarms.refreshCount()).toBeGreaterThan(before);
  } finally {
    alarms.dispose();
    await g.dispose();
  }
}, 90_000);
