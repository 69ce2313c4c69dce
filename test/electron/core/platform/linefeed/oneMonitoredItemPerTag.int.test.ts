import type { LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { readSubscriptionDiagnostics } from '../../../../../electron/core/platform/opcua/serverDiagnostics.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';
import { demoPlantConfigPath } from '../../../../fixtures/tempDir.ts';

/**
 * The full core (startCore) on the demo plant: the controller's own diagnostics count one monitored item per
 * distinct configured tag. Before the line feed, the live pump, production and signals each subscribed, so the
 * counter and state tags were two items each and a line's speed none.
 */
describe('line feed: one monitored item per tag on the controller', () => {
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startCoreWithDemoPlant();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  it('the demo plant counts exactly the distinct tags of the configuration (line tags, speed, order, signals)', async () => {
    const loaded = loadPlantConfig(demoPlantConfigPath);
    if (!loaded.ok) throw new Error(loaded.error.text);
    const tags = new Set<string>();
    for (const l of loaded.value.lines) {
      for (const t of [l.tags.goodCount, l.tags.rejectCount, l.tags.machineState, l.tags.speed, l.tags.currentOrder]) if (t) tags.add(t);
      for (const s of l.signals) tags.add(s.nodeId);
    }
    expect(loaded.value.lines.every((l) => l.tags.speed)).toBe(true);
    h.plant.advance(1);
    await h.next<LiveLines>('live.lines', (m) => m.lines.every((l) => l.link === 'connected' && l.good.value !== null), 30_000);
    // The alarms' event subscription (one item on the Server object) is made after connect: wait until it is there.
    let subs = await readSubscriptionDiagnostics(h.plant.endpointUrl);
    await vi.waitFor(
      async () => {
        subs = await readSubscriptionDiagnostics(h.plant.endpointUrl);
        expect(subs.map((s) => s.monitoredItemCount).sort((a, b) => a - b)).toEqual([1, tags.size]);
      },
      { timeout: 20_000, interval: 250 },
    );
    // One session (one per controller), two subscriptions: the line feed's values and the alarms' events.
    expect(new Set(subs.map((s) => s.sessionId)).size).toBe(1);
    expect(subs.reduce((n, s) => n + s.monitoredItemCount, 0)).toBe(tags.size + 1);
  }, 90_000);
});
