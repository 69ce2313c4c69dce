import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { lineConditions, newConditionMemory } from '../../../../../electron/core/features/alerts/lineConditions.ts';
import { getAlert, toView } from '../../../../../electron/core/features/alerts/alertRepo.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { AlertsConfig } from '../../../../../shared/domain/alert.ts';
import type { LineProduction, LineSnapshot } from '../../../../../shared/domain/line.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const T0 = Date.UTC(2026, 2, 2, 6);
const production = (p: Partial<LineProduction>): LineProduction =>
  ({ orderId: 'PO-1', ratePerMin: 0, targetRatePerMin: 120, shift: null, good: 0, reject: 0, availability: null, performance: null, quality: null, oee: null, downtime: null, uncodedCount: 0, gap: false, ...p }) as LineProduction;
const faulted: LineSnapshot = {
  lineId: 'L1',
  name: 'Line 1',
  controllerId: 'plc',
  link: 'connected',
  stale: false,
  state: 'faulted',
  rawState: 3,
  stateSince: T0,
  good: { value: 1000, quality: 'good', at: T0 },
  reject: { value: 10, quality: 'good', at: T0 },
  insecure: false,
  production: production({ downtime: { eventId: 1234, state: 'faulted', since: T0, coded: false, reasonLabel: null, micro: false, noData: false } as LineProduction['downtime'] }),
} as LineSnapshot;

describe("alert texts the console writes keep their message (migration 0200) and show in the reader's language", () => {
  it('a line stopped too long: English text unchanged, German for a German reader, after a round trip through SQLite', () => {
    const [c] = lineConditions(AlertsConfig.parse({}), [faulted], newConditionMemory(), T0 + 31 * 60_000, () => null);
    expect(c!.title).toBe('Line 1: faulted, stopped too long');
    expect(c!.detail).toBe('Faulted longer than the alert threshold (downtime #1234); reason: not coded yet');
    const db = openTestDb(tmp.dir, 'alerts.db');
    migrate(db);
    const svc = new AlertService({ db, clock: systemClock, monotonic: () => performance.now(), logger: memoryLogger() });
    const id = svc.assert(c!);
    const view = toView(getAlert(db, id)!);
    expect([view.title, view.detail]).toEqual([c!.title, c!.detail]);
    const de = createI18n('de');
    expect(tMessage(view.titleMsg, view.title, de)).toBe('Line 1: gestört, zu lange gestoppt');
    expect(tMessage(view.detailMsg, view.detail, de)).toBe('Gestört länger als die Alarmschwelle (Stillstand #1234); Grund: noch nicht eingetragen');
    expect(tMessage(view.titleMsg, view.title, createI18n('en'))).toBe(view.title);
    svc.dispose();
    db.close();
  });
});
