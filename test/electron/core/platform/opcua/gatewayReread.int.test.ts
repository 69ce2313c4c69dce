import path from 'node:path';
import type { LinkGap, LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import { collectingLogger, controller, makeGateway, tempDir, waitFor } from '../../../../reliability/rows/support.ts';

/**
 * One wrongly mapped tag in a subscription (a node or a namespace the controller does not have) must not keep the
 * other tags from being re-read after a gap: the re-read delivers them, and the wrong ones Bad with the reason.
 */
describe('OPC UA gateway re-read after a gap with a wrongly mapped tag', () => {
  let tmp: ReturnType<typeof tempDir>;
  let plant: DemoPlant;
  beforeAll(async () => {
    tmp = tempDir('gateway-reread-');
    plant = await startDemoPlant({ port: 0, autoTick: false, transferSubscriptions: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  });
  afterAll(async () => {
    await plant.stop();
    tmp.cleanup();
  });

  it('re-reads the good tags and reports the missing node and namespace Bad with their reasons', async () => {
    const good = demoNodeRef(1, 'GoodCount');
    const ghost = demoNodeRef(1, 'Speed').replace('Speed', 'NoSuchSensor');
    const foreign = 'nsu=urn:not-on-this-plc;s=X';
    const batches: LiveValue[][] = [];
    const gaps: LinkGap[] = [];
    const logs: string[] = [];
    const g = makeGateway({ controller: controller(plant.endpointUrl), pkiDir: path.join(tmp.dir, 'client-pki'), demoMode: true, logger: collectingLogger(logs) });
    try {
      g.subscribe([good, ghost, foreign], (v) => batches.push([...v]));
      g.onDidCloseGap((gap) => gaps.push(gap));
      await g.connect();
      expect(await waitFor(() => batches.flat().some((v) => v.tagId === good && v.quality === 'good'), 5000)).toBe(true);
      // At subscribe time each wrong tag is Bad with its reason.
      const initial = batches.flat();
      expect(initial.find((v) => v.tagId === ghost)).toMatchObject({ quality: 'bad', reason: expect.stringContaining('no such tag') });
      expect(initial.find((v) => v.tagId === foreign)).toMatchObject({ quality: 'bad', reason: expect.stringContaining('no namespace') });

      plant.advance(4);
      const want = plant.currentValues()[0]!.goodCount;
      const before = batches.length;
      expect(plant.dropSessions()).toBe(1);
      expect(await waitFor(() => gaps.length === 1 && g.state().phase === 'connected', 20_000)).toBe(true);
      // The gap re-read is the one batch holding all three tags, in the order subscribed.
      const reread = batches.slice(before).find((b) => b.length === 3);
      if (!reread) console.log(logs.slice(-30).join('\n'));
      expect(reread?.map((v) => v.tagId)).toEqual([good, ghost, foreign]);
      expect(reread![0]).toMatchObject({ quality: 'good', value: want });
      expect(reread![1]).toMatchObject({ quality: 'bad', value: null, reason: expect.stringMatching(/no such tag.*NoSuchSensor/) });
      expect(reread![2]).toMatchObject({ quality: 'bad', value: null, reason: expect.stringContaining('no namespace "urn:not-on-this-plc"') });
    } finally {
      await g.dispose();
    }
  }, 40_000);
});
