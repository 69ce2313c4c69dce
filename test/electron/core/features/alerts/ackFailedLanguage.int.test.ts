import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { alertsHandlers } from '../../../../../electron/core/features/alerts/alertsHandlers.ts';
import { OpcuaAlarmSource } from '../../../../../electron/core/features/alerts/opcuaAlarmSource.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/**
 * An acknowledgement the controller does not take (here: the console has no alarm connection to it) is
 * refused with the controller's explanation in the reader's language, not the library's English words;
 * the English text stays what it was.
 */
describe('an alarm acknowledgement the controller did not take, in the reader’s language', () => {
  it('names what happened at the controller in German; the English text is unchanged', async () => {
    const db = openTestDb(tmp.dir, 'ack.db');
    migrate(db);
    const logger = memoryLogger();
    const svc = new AlertService({ db, clock: systemClock, monotonic: () => performance.now(), logger });
    const id = svc.syncExternal({ key: 'opcua:plc:nsu=urn:x;s=Line1.FaultAlarm', source: 'opcua', lineId: 'L1', assetId: null, priority: 2, title: 'Line1.FaultAlarm', detail: 'Fault', suppressed: false, externalId: 'ns=1;s=Line1.FaultAlarm' }, { active: true, acked: false }, '');
    expect(id).not.toBeNull();
    // A real alarm source with no controller attached: the controller is not connected.
    const source = new OpcuaAlarmSource({ alerts: svc, lines: [], assetOf: () => null, logger });
    const handlers = alertsHandlers(svc, db, () => Date.now(), (records) => source.acknowledge(records, 'test'));
    const actor: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] } as Actor;
    const r = await handlers['alerts.acknowledge']({ ids: [id!] }, { actor, sessionId: 's', now: Date.now() });
    if (r.ok) throw new Error('not acknowledged without the controller');
    expect(r.error.message).toBe('1 alarm(s) could not be acknowledged on the controller: Controller plc is not connected to the alarm service.');
    const german = 'Die Konsole ist gerade nicht mit dieser Steuerung verbunden';
    expect(renderMessage(r.error.msg!, 'de')).toMatch(/^1 Alarm konnte an der Steuerung nicht quittiert werden: /);
    expect(renderMessage(r.error.msg!, 'de')).toContain(german);
    expect(tMessage(r.error.msg, '', createI18n('de'))).toBe(renderMessage(r.error.msg!, 'de'));
    svc.dispose();
    db.close();
  });
});
