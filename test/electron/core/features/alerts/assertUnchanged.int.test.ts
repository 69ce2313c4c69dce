// The evaluator asserts every present condition once a second. A condition its open alert already shows
// changes nothing and is not sent again; it used to mark the alert for publishing every time, so every screen
// got every active alert once a second (the ingest bench's 100 lines, each with a reject alert: 100 alerts
// re-read and re-sent a second). A change (a new text, an escalation, a return after clearing) is still sent.
import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import type { Condition } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { AlertEngine } from '../../../../../electron/core/features/alerts/AlertEngine.ts';
import { eventsOfAlert } from '../../../../../electron/core/features/alerts/alertRepo.ts';
import { AlertsConfig } from '../../../../../shared/domain/alert.ts';
import type { LineProduction, LineSnapshot } from '../../../../../shared/domain/line.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { AlertView } from '../../../../../shared/contract/domains/alerts.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const reject: Condition = { key: 'reject:L1', source: 'reject', lineId: 'L1', assetId: null, priority: 3, title: 'Line 1: rejects over 5 %', detail: 'Rejects over 5 % in the last 10 minutes', suppressed: false };

describe('an unchanged condition asserted again', () => {
  it('writes nothing and sends nothing; a changed text, an escalation and a return are sent', () => {
    const db = openTestDb(tmp.dir, 'alerts.db');
    migrate(db);
    const clock = new FakeClock();
    const sent: AlertView[][] = [];
    const svc = new AlertService({ db, clock, monotonic: () => clock.now(), logger: memoryLogger(), publish: (m) => sent.push(m.alerts), publishMs: 250 });
    const id = svc.assert(reject);
    clock.advance(300);
    expect(sent.map((a) => a.map((x) => x.key))).toEqual([['reject:L1']]);

    for (let s = 0; s < 5; s++) {
      expect(svc.assert(reject)).toBe(id);
      clock.advance(1000);
    }
    expect(sent).toHaveLength(1);
    expect(eventsOfAlert(db, id).map((e) => e.kind)).toEqual(['raised']);

    svc.assert({ ...reject, detail: 'Rejects over 5 % in the last 15 minutes' });
    clock.advance(300);
    expect(sent).toHaveLength(2);
    expect(sent[1]![0]!.detail).toBe('Rejects over 5 % in the last 15 minutes');

    svc.assert({ ...reject, detail: 'Rejects over 5 % in the last 15 minutes', priority: 2 });
    clock.advance(300);
    expect(sent).toHaveLength(3);
    expect(sent[2]![0]!.priority).toBe(2);
    // A lower priority than the alert has is no change (escalation only goes up).
    svc.assert({ ...reject, detail: 'Rejects over 5 % in the last 15 minutes', priority: 3 });
    clock.advance(300);
    expect(sent).toHaveLength(3);

    svc.clear('reject:L1', 'condition gone');
    clock.advance(300);
    expect(sent[3]![0]!.active).toBe(false);
    expect(svc.assert({ ...reject, detail: 'Rejects over 5 % in the last 15 minutes', priority: 2 })).toBe(id);
    clock.advance(300);
    expect(sent).toHaveLength(5);
    expect(sent[4]![0]!.active).toBe(true);
    expect(eventsOfAlert(db, id).map((e) => e.kind)).toEqual(['raised', 'escalated', 'cleared', 'raised']);
    svc.dispose();
    db.close();
  });
});

const T0 = Date.UTC(2026, 2, 2, 6);
const faulted = (downtime: boolean): LineSnapshot =>
  ({
    lineId: 'L1',
    name: 'Line 1',
    controllerId: 'plc',
    link: 'connected',
    stale: false,
    state: downtime ? 'faulted' : 'running',
    rawState: downtime ? 3 : 1,
    stateSince: T0,
    good: { value: 1000, quality: 'good', at: T0 },
    reject: { value: 10, quality: 'good', at: T0 },
    insecure: false,
    production: {
      orderId: 'PO-1', ratePerMin: 0, targetRatePerMin: 120, shift: null, good: 0, reject: 0, availability: null, performance: null, quality: null, oee: null, uncodedCount: 0, gap: false,
      downtime: downtime ? { eventId: 1234, state: 'faulted', since: T0, coded: false, reasonLabel: null, micro: false, noData: false } : null,
    } as LineProduction,
  }) as LineSnapshot;

describe('the evaluator, once a second', () => {
  it('raises a condition once, leaves it alone while it stays as it is, and clears it when it is gone', () => {
    const db = openTestDb(tmp.dir, 'engine.db');
    migrate(db);
    const clock = new FakeClock(T0 + 31 * 60_000);
    const sent: AlertView[][] = [];
    const alerts = new AlertService({ db, clock, monotonic: () => clock.now(), logger: memoryLogger(), publish: (m) => sent.push(m.alerts), publishMs: 250 });
    let lines = [faulted(true)];
    const engine = new AlertEngine({ db, clock, logger: memoryLogger(), config: AlertsConfig.parse({}), alerts, lines: () => lines, assetOf: () => null });
    engine.start();
    clock.advance(1000);
    clock.advance(300);
    expect(sent.map((a) => a.map((x) => `${x.key} ${x.active}`))).toEqual([['downtime:L1 true']]);
    for (let s = 0; s < 5; s++) clock.advance(1000);
    expect(sent).toHaveLength(1);
    lines = [faulted(false)];
    clock.advance(1000);
    clock.advance(300);
    expect(sent.map((a) => a.map((x) => `${x.key} ${x.active}`))).toEqual([['downtime:L1 true'], ['downtime:L1 false']]);
    expect(eventsOfAlert(db, sent[0]![0]!.id).map((e) => e.kind)).toEqual(['raised', 'cleared']);
    engine.dispose();
    alerts.dispose();
    db.close();
  });
});
