import fs from 'node:fs';
import path from 'node:path';
import type { ShiftCloseView, ShiftList } from '../../../../../shared/contract/domains/shift.ts';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

// The shift close under the real clock, through the whole core: a calendar with a shift at every hour
// of every day, so there is always one running and one that just ended, whatever day the test runs.

const tmp = makeTempDir();
let plant: DemoPlant;
let sap: Awaited<ReturnType<typeof startSapSandbox>>;
let core: Core;

async function signedIn(userName: string, pin: string): Promise<string> {
  const s = core.openSession();
  const r = await core.dispatch('auth.signIn', { method: 'name', userName, pin }, s);
  if (!r.ok) throw new Error(r.error.message);
  return s;
}

beforeAll(async () => {
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  sap = await startSapSandbox({});
  const cfg = readDemoPlantConfig() as { shiftCalendar: unknown };
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  cfg.shiftCalendar = {
    shifts: [
      { name: 'A', start: '00:00', end: '08:00', days: all, breaks: [] },
      { name: 'B', start: '08:00', end: '16:00', days: all, breaks: [] },
      { name: 'C', start: '16:00', end: '00:00', days: all, breaks: [] },
    ],
    holidays: [],
  };
  const configPath = path.join(tmp.dir, 'plant.json');
  fs.writeFileSync(configPath, JSON.stringify(cfg));
  core = await startCore(
    { configPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, erpBaseUrl: sap.url, liveTickMs: 50 },
    { clock: systemClock, logger: memoryLogger(), secrets: memorySecrets({ 'erp-demo': 'CONSOLE:demo' }), notifier: recordingNotifier(), online: switchableOnline() },
  );
}, 60_000);
afterAll(async () => {
  await core?.dispose();
  await sap?.close();
  await plant?.stop();
  tmp.cleanup();
});

describe('shift close under the real clock', () => {
  it('lists the running shift and defaults to the one that ended before it; refuses the running one without acknowledgement; closes, reverses and refuses a planner', { timeout: 60_000 }, async () => {
    const anna = await signedIn('anna', '1111');
    const before = Date.now();
    const listed = await core.dispatch('shift.list', {}, anna);
    if (!listed.ok) throw new Error(listed.error.message);
    const list = listed.value as ShiftList;
    const after = Date.now();
    expect(list.now).toBeGreaterThanOrEqual(before);
    expect(list.now).toBeLessThanOrEqual(after);
    const running = list.shifts[0]!;
    expect(running).toMatchObject({ state: 'running' });
    expect(running.start <= list.now && list.now < running.end).toBe(true);
    const previous = list.shifts[1]!;
    expect(previous).toMatchObject({ state: 'ended-unclosed', end: running.start });
    expect(list.defaultShift).toEqual({ date: previous.date, code: previous.code });
    // 14 days of three shifts, and the running one.
    expect(list.shifts.length).toBeGreaterThanOrEqual(42);
    expect(list.shifts.every((s) => s.end > list.now - 14 * 86_400_000)).toBe(true);

    const early = await core.dispatch('shift.confirm', { date: running.date, code: running.code, lines: [{ lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 5, reject: 0 }] }, anna);
    expect(early.ok === false && early.error.code).toBe('CONFLICT');
    expect(early.ok === false && early.error.message).toMatch(/has not ended yet: it ends .* plant time/);

    const zero = await core.dispatch('shift.confirm', { date: previous.date, code: previous.code, lines: [] }, anna);
    expect(zero.ok === false && zero.error.message).toMatch(/zero production/);
    const closed = await core.dispatch('shift.confirm', { date: previous.date, code: previous.code, lines: [], acknowledgeZeroProduction: true }, anna);
    expect(closed.ok && (closed.value as ShiftCloseView)).toMatchObject({ state: 'closed', closedByName: 'Anna Berg', acknowledged: ['zero-production'] });

    const paul = await signedIn('paul', '2222');
    const denied = await core.dispatch('shift.reverseClose', { date: previous.date, code: previous.code, reason: 'not mine to do' }, paul);
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');
    const reversed = await core.dispatch('shift.reverseClose', { date: previous.date, code: previous.code, reason: 'closed the wrong shift' }, anna);
    expect(reversed.ok && (reversed.value as ShiftCloseView)).toMatchObject({ state: 'reversed', reversedByName: 'Anna Berg', reversalReason: 'closed the wrong shift' });
    const again = (await core.dispatch('shift.list', {}, anna)) as { ok: true; value: ShiftList };
    expect(again.value.shifts.find((s) => s.date === previous.date && s.code === previous.code)?.state).toBe('reversed');
  });
});
