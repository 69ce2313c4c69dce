import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { alertsHandlers } from '../../../../../electron/core/features/alerts/alertsHandlers.ts';
import { eventsOfAlert, getAlert } from '../../../../../electron/core/features/alerts/index.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/**
 * Found by the hub's multi-console test (2 runs in 3): the controller's "acknowledged" event arrived
 * before the answer to the acknowledgement the person had sent it, so the person was told "already
 * acknowledged" and the alarm read "acknowledged at the controller". The controller here is the port the
 * handler forwards to; it reports its event first, as a real server may, then answers.
 */
describe('an acknowledgement the controller reports before it answers', () => {
  it('is the person’s: acknowledged by them, not "already", not "at the controller"', async () => {
    const db = openTestDb(tmp.dir, 'race.db');
    migrate(db);
    const svc = new AlertService({ db, clock: systemClock, monotonic: () => performance.now(), logger: memoryLogger() });
    const condition = { key: 'opcua:plc:nsu=urn:x;s=Line2.FaultAlarm', source: 'opcua' as const, lineId: 'L2', assetId: null, priority: 2 as const, title: 'Line2.FaultAlarm', detail: 'Fault', suppressed: false, externalId: 'ns=1;s=Line2.FaultAlarm' };
    const id = svc.syncExternal(condition, { active: true, acked: false }, '')!;
    const controller = async () => {
      svc.syncExternal(condition, { active: true, acked: true }, 'event from the server'); // the event overtakes the answer
      return { done: [id], failed: [] };
    };
    const handlers = alertsHandlers(svc, db, () => Date.now(), controller);
    const paul = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] } as Actor;
    const r = await handlers['alerts.acknowledge']({ ids: [id] }, { actor: paul, sessionId: 's', now: Date.now() });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toEqual({ acknowledged: [id], already: [] });
    expect(getAlert(db, id)?.ackedBy).toBe('Paul Novak');
    const acks = eventsOfAlert(db, id).filter((e) => e.kind === 'acknowledged');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ by: 'demo-paul', note: '' });
    // Afterwards, an acknowledgement made at the controller itself is the controller's again.
    const other = svc.syncExternal({ ...condition, key: 'opcua:plc:nsu=urn:x;s=Line3.FaultAlarm', externalId: 'ns=1;s=Line3.FaultAlarm' }, { active: true, acked: false }, '')!;
    svc.syncExternal({ ...condition, key: 'opcua:plc:nsu=urn:x;s=Line3.FaultAlarm', externalId: 'ns=1;s=Line3.FaultAlarm' }, { active: true, acked: true }, '');
    expect(getAlert(db, other)?.ackedBy).toBe('at the controller');
    svc.dispose();
    db.close();
  });
});
