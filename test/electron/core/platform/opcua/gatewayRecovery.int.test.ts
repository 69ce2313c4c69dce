import path from 'node:path';
import type { LinkGap, LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import { collectingLogger, controller, makeGateway, tempDir, waitFor } from '../../../../reliability/rows/support.ts';

/**
 * A controller that drops every session and does not implement TransferSubscriptions (many small PLCs):
 * the gateway must open a new session, recreate its subscription and keep calling the same handler.
 */
describe('OPC UA gateway recovery from dropped sessions without TransferSubscriptions', () => {
  let tmp: ReturnType<typeof tempDir>;
  let plant: DemoPlant;
  beforeAll(async () => {
    tmp = tempDir('gateway-recovery-');
    plant = await startDemoPlant({ port: 0, autoTick: false, transferSubscriptions: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  });
  afterAll(async () => {
    await plant.stop();
    tmp.cleanup();
  });

  it('comes back on a new session with a recreated subscription, re-reads, and records the gap', async () => {
    const tag = demoNodeRef(2, 'GoodCount');
    const seen: LiveValue[] = [];
    const gaps: LinkGap[] = [];
    const logs: string[] = [];
    const g = makeGateway({ controller: controller(plant.endpointUrl), pkiDir: path.join(tmp.dir, 'client-pki'), demoMode: true, logger: collectingLogger(logs) });
    try {
      g.subscribe([tag], (v) => seen.push(...v));
      g.onDidCloseGap((gap) => gaps.push(gap));
      await g.connect();
      expect(await waitFor(() => seen.some((v) => v.quality === 'good'), 5000)).toBe(true);
      const idBefore = g.subscriptionId();

      expect(plant.dropSessions()).toBe(1);
      plant.advance(7);
      const back = await waitFor(() => gaps.length === 1 && g.state().phase === 'connected', 20_000);
      if (!back) console.log(JSON.stringify(g.state()), logs.slice(-30).join('\n'));
      expect(back).toBe(true);
      expect(gaps[0]).toMatchObject({ serverRestarted: false });
      expect(gaps[0]!.recovery).not.toBe('session-restored');
      // The value made while the session was gone came from the gap re-read or the new subscription.
      const want = plant.currentValues()[1]!.goodCount;
      expect(await waitFor(() => seen.some((v) => v.quality === 'good' && v.value === want), 5000)).toBe(true);
      expect(g.subscriptionId()).not.toBe(idBefore);
      expect(plant.subscriptionIds()).toEqual([g.subscriptionId()]);
      // Live again on the same handler.
      plant.advance(3);
      const next = plant.currentValues()[1]!.goodCount;
      expect(await waitFor(() => seen.at(-1)?.value === next, 5000)).toBe(true);
      expect(plant.sessionCount()).toBe(1);
    } finally {
      await g.dispose();
    }
  }, 40_000);
});
