// The evaluator asserts every present condition once a second. A condition its open alert already shows
// changes nothing and is not sent again; it used to mark the alert for publishing every time, so every screen
// got every active alert once a second (the ingest bench's 100 lines, each with a reject alert: 100 alerts
// re-read and re-sent a second). A change (a new text, an escalation, a return after clearing) is still sent.
import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import type { Condition } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { eventsOfAlert } from '../../../../../electron/core/features/alerts/alertRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { AlertView } from '../../../../../shared/domain/alert.ts';
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
