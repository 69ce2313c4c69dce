import fs from 'node:fs';
import { DateTime } from 'luxon';
import { commands } from '../../../../../shared/contract/commands.ts';
import type { Envelope } from '../../../../../shared/contract/envelope.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';
import type { ShiftCloseView, ShiftDraft, ShiftList } from '../../../../../shared/contract/domains/shift.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { parsePlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { writeFlush } from '../../../../../electron/core/features/production/productionRepo.ts';
import { shiftHandlers } from '../../../../../electron/core/features/shiftClose/shiftHandlers.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

// The shift close of any recent shift, on a real SQLite file with the demo plant's calendar
// (Europe/Berlin; Early 06-14 Mon-Sat, Late 14-22 Mon-Sat, Night 22-06 Sun-Fri). Time is the
// command's `now`, as the dispatcher passes it from the clock port.

const ZONE = 'Europe/Berlin';
const local = (s: string): number => DateTime.fromISO(s, { zone: ZONE }).toMillis();
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const parsed = parsePlantConfig('demo-plant.json', fs.readFileSync(demoPlantConfigPath, 'utf8'));
if (!parsed.ok) throw new Error('demo plant configuration does not parse');
const config: PlantConfig = parsed.value;

const anna: Actor = { userId: 'u-anna', displayName: 'Anna Berg', roles: ['supervisor'] };
let n = 0;

function setup() {
  const db = openTestDb(tmp.dir, `shift-${++n}.db`);
  const m = migrate(db);
  if (!m.ok) throw new Error(m.error.message);
  db.prepare("INSERT INTO user_account (user_id, user_name, display_name, roles, pin_hash, created_at, updated_at) VALUES ('u-anna', 'anna', 'Anna Berg', '[\"supervisor\"]', 'scrypt$x', 0, 0)").run();
  let kicks = 0;
  const h = shiftHandlers({ db, config, gateways: new Map(), hub: { kick: () => void kicks++ } });
  async function call<T>(key: 'shift.draft' | 'shift.confirm' | 'shift.list' | 'shift.reverseClose', payload: unknown, now: number): Promise<Envelope<T>> {
    const req = commands[key].req.parse(payload);
    const handler = h[key] as (r: unknown, c: unknown) => Envelope<T> | Promise<Envelope<T>>;
    return handler(req, { actor: anna, sessionId: 's1', now });
  }
  async function okCall<T>(key: Parameters<typeof call>[0], payload: unknown, now: number): Promise<T> {
    const r = await call<T>(key, payload, now);
    if (!r.ok) throw new Error(`${key}: ${r.error.code} ${r.error.message}`);
    return r.value;
  }
  return { db, call, okCall, kicks: () => kicks };
}

/** Parts made on a line in one minute, as the production tracker flushes them. */
function made(db: WritableDb, lineId: string, at: number, orderId: string, good: number, reject = 0) {
  writeFlush(db, { minutes: [{ lineId, minuteAt: Math.floor(at / 60_000) * 60_000, orderId, good, reject, runMs: 60_000, gapGood: 0, gapReject: 0 }], baselines: [], counterEvents: [], counterSamples: [], stateSamples: [] });
}

const outbox = (db: WritableDb) =>
  (db.prepare('SELECT o.id, o.kind, p.payload FROM outbox o JOIN outbox_payload p ON p.seq = o.seq ORDER BY o.seq').all() as { id: string; kind: string; payload: string }[]).map((r) => ({ id: r.id, kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> }));

describe('shift close: any unclosed shift of the last 14 days', () => {
  it('a few minutes into the next shift, offers and closes the shift that just ended (defect 4: it offered the new one)', async () => {
    const { db, call, okCall } = setup();
    made(db, 'L1', local('2026-12-02T08:00'), '1001001', 400, 7);
    made(db, 'L1', local('2026-12-02T14:03'), '1001001', 5); // the Late shift's first parts
    const now = local('2026-12-02T14:05');
    const draft = await okCall<ShiftDraft>('shift.draft', {}, now);
    expect([draft.date, draft.code, draft.state]).toEqual(['2026-12-02', 'Early', 'ended-unclosed']);
    expect(draft.lines[0]!.orders[0]).toMatchObject({ erpOrderId: '1001001', countedGood: 400, countedReject: 7 });
    const list = await okCall<ShiftList>('shift.list', {}, now);
    expect(list.defaultShift).toEqual({ date: '2026-12-02', code: 'Early' });
    expect(list.shifts[0]).toMatchObject({ date: '2026-12-02', code: 'Late', state: 'running', good: 5 });
    expect(list.shifts[1]).toMatchObject({ date: '2026-12-02', code: 'Early', state: 'ended-unclosed', good: 400, reject: 7 });

    const close = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Early', lines: [{ lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 400, reject: 7 }], overrideReason: 'coded on paper' }, now);
    expect(close.ok && close.value).toMatchObject({ state: 'closed', windowEnd: local('2026-12-02T14:00'), acknowledged: [], closedByName: 'Anna Berg' });
    expect(outbox(db).map((o) => [o.kind, (o.payload.quantities as { yield: string }).yield, o.payload.execution])).toEqual([['confirmation.post', '400', { start: '2026-12-02T05:00:00.000Z', end: '2026-12-02T13:00:00.000Z' }]]);
    // The new default is the running Late shift (nothing older is left open on this fresh database except earlier shifts).
    const after = await okCall<ShiftList>('shift.list', {}, now);
    expect(after.shifts[1]).toMatchObject({ code: 'Early', state: 'closed', closedByName: 'Anna Berg', closedAt: now });
  });

  it('closes a shift from three days ago, and refuses a second close naming who closed it and when (plant time)', async () => {
    const { db, call, okCall } = setup();
    made(db, 'L2', local('2026-12-02T15:00'), '1002001', 250, 3);
    const now = local('2026-12-05T10:00');
    const draft = await okCall<ShiftDraft>('shift.draft', { date: '2026-12-02', code: 'Late' }, now);
    expect(draft.lines[1]!.orders[0]).toMatchObject({ erpOrderId: '1002001', countedGood: 250, countedReject: 3 });
    const lines = [{ lineId: 'L2', erpOrderId: '1002001', operationId: '0010', good: 250, reject: 3 }];
    const r = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Late', lines, overrideReason: 'coded on paper' }, now);
    expect(r.ok).toBe(true);
    expect(outbox(db)).toHaveLength(1);
    const again = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Late', lines, overrideReason: 'coded on paper' }, now + 60_000);
    expect(again.ok === false && again.error.code).toBe('CONFLICT');
    expect(again.ok === false && again.error.message).toBe('Shift Late of Wed 2 Dec was already closed by Anna Berg on Sat 5 Dec 10:00 (plant time). To change it, reverse it first.');
    // The day and the time travel as the plant's wall clock and are written by the reader's catalogue:
    // German days on a German screen (core and renderer render the same), whatever the machine's zone.
    if (again.ok) throw new Error('closed twice');
    const german = 'Schicht Late vom Mi., 2. Dez. wurde bereits von Anna Berg am Sa., 5. Dez. um 10:00 (Werkszeit) abgeschlossen. Um sie zu ändern, zuerst stornieren.';
    expect(renderMessage(again.error.msg!, 'de')).toBe(german);
    expect(tMessage(again.error.msg, '', createI18n('de'))).toBe(german);
    expect(tMessage(again.error.msg, '', createI18n('en'))).toBe(again.error.message);
    expect(outbox(db)).toHaveLength(1);
  });

  it('refuses a shift that ended more than 14 days ago, and does not list it', async () => {
    const { db, call, okCall } = setup();
    const now = local('2026-12-05T10:00');
    const r = await call<ShiftCloseView>('shift.confirm', { date: '2026-11-17', code: 'Early', lines: [{ lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 10, reject: 0 }] }, now);
    expect(r.ok === false && r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('more than 14 days ago') });
    expect(outbox(db)).toEqual([]);
    const list = await okCall<ShiftList>('shift.list', {}, now);
    expect(list.shifts.every((s) => s.end > now - 14 * 86_400_000)).toBe(true);
    expect(list.shifts.some((s) => s.date === '2026-11-21')).toBe(true); // Sat Late ended 13.5 days ago: still listed
    expect(list.shifts.some((s) => s.date === '2026-11-17')).toBe(false);
  });

  it('refuses to confirm a running shift without the acknowledgement (defect 4: one click 54 s in); with it, closes early, and a reversal re-confirms the whole shift later', async () => {
    const { db, call } = setup();
    const start = local('2026-12-02T06:00');
    made(db, 'L1', start, '1001001', 3);
    const lines = [{ lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 3, reject: 0 }];
    const early = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Early', lines }, start + 54_000);
    expect(early.ok === false && early.error).toMatchObject({ code: 'CONFLICT', message: 'Shift Early of Wed 2 Dec has not ended yet: it ends Wed 2 Dec 14:00 plant time, in 8 hours. Tick "close it before it ends" to close it now.' });
    expect(outbox(db)).toEqual([]);

    const acked = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Early', lines, acknowledgeNotEnded: true }, start + 54_000);
    expect(acked.ok && acked.value).toMatchObject({ state: 'closed', windowEnd: start + 54_000, acknowledged: ['not-ended'] });

    // The shift ran on; after it ended the supervisor reverses the early close and confirms the whole shift.
    made(db, 'L1', local('2026-12-02T10:00'), '1001001', 397, 4);
    const later = local('2026-12-02T14:10');
    const rev = await call<ShiftCloseView>('shift.reverseClose', { date: '2026-12-02', code: 'Early', reason: 'closed by mistake at the start' }, later);
    expect(rev.ok && rev.value.state).toBe('reversed');
    const whole = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-02', code: 'Early', lines: [{ ...lines[0]!, good: 400, reject: 4 }], overrideReason: 'coded on paper' }, later);
    expect(whole.ok && whole.value).toMatchObject({ state: 'closed', correction: 1, windowEnd: local('2026-12-02T14:00'), acknowledged: [] });
    expect(outbox(db).map((o) => o.kind)).toEqual(['confirmation.post', 'confirmation.cancel', 'confirmation.post']);
  });

  it('on a Sunday offers Saturday\'s Late shift with no production, and refuses a zero close without the acknowledgement (defect 4)', async () => {
    const { db, call, okCall } = setup();
    db.prepare("INSERT INTO line_order (line_id, erp_order_id, operation_id, source, set_by, set_at) VALUES ('L1', '1001001', '0010', 'supervisor', 'u-anna', 0)").run();
    const now = local('2026-12-06T10:00');
    const draft = await okCall<ShiftDraft>('shift.draft', {}, now);
    expect([draft.date, draft.code, draft.state, draft.recorded]).toEqual(['2026-12-05', 'Late', 'ended-unclosed', { good: 0, reject: 0 }]);
    // The running order is offered for a hand count, with zero and no production source.
    expect(draft.lines[0]!.orders).toEqual([expect.objectContaining({ erpOrderId: '1001001', countedGood: 0, countedReject: 0, countSource: 'none' })]);
    const zero = [{ lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 0, reject: 0 }];
    const r = await call<ShiftCloseView>('shift.confirm', { date: '2026-12-05', code: 'Late', lines: zero }, now);
    expect(r.ok === false && r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('zero production') });
    expect(r.ok === false && r.error.message).toContain('The console recorded no production on any line in it');
    expect(db.prepare('SELECT COUNT(*) AS n FROM shift_close').get()).toEqual({ n: 0 });
    const acked = await okCall<ShiftCloseView>('shift.confirm', { date: '2026-12-05', code: 'Late', lines: [], acknowledgeZeroProduction: true }, now);
    expect(acked).toMatchObject({ state: 'closed', confirmations: [], acknowledged: ['zero-production'] });
    expect(outbox(db)).toEqual([]);
  });

  it('reverses a closed shift: a confirmation.cancel per posted confirmation, an audit entry with the reason, then a re-confirmation with the next correction number', async () => {
    const { db, call, okCall, kicks } = setup();
    made(db, 'L1', local('2026-12-03T07:00'), '1001001', 300, 2);
    made(db, 'L2', local('2026-12-03T07:00'), '1002001', 200, 1);
    const now = local('2026-12-03T14:20');
    const lines = [
      { lineId: 'L1', erpOrderId: '1001001', operationId: '0010', good: 300, reject: 2 },
      { lineId: 'L2', erpOrderId: '1002001', operationId: '0010', good: 200, reject: 1 },
    ];
    const close = await okCall<ShiftCloseView>('shift.confirm', { date: '2026-12-03', code: 'Early', lines, overrideReason: 'coded on paper' }, now);
    const posts = close.confirmations.map((c) => c.id);
    const rev = await okCall<ShiftCloseView>('shift.reverseClose', { date: '2026-12-03', code: 'Early', reason: 'pallet counted twice' }, now + 600_000);
    expect(rev).toMatchObject({ state: 'reversed', reversedByName: 'Anna Berg', reversalReason: 'pallet counted twice', reversedAt: now + 600_000 });
    const cancels = outbox(db).filter((o) => o.kind === 'confirmation.cancel');
    expect(cancels.map((c) => c.payload.reverses).sort()).toEqual([...posts].sort());
    expect(cancels.every((c) => c.payload.reason === 'pallet counted twice')).toBe(true);
    const audit = db.prepare("SELECT display_name, target, details FROM audit_log WHERE action = 'shift.reverseClose'").all() as { display_name: string; target: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ display_name: 'Anna Berg', target: '2026-12-03/Early' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ reason: 'pallet counted twice', correction: 0 });
    expect((await okCall<ShiftList>('shift.list', {}, now + 600_000)).shifts.find((s) => s.date === '2026-12-03' && s.code === 'Early')?.state).toBe('reversed');
    // Reversing twice is refused; confirming again posts the corrected figures as correction 1.
    const twice = await call<ShiftCloseView>('shift.reverseClose', { date: '2026-12-03', code: 'Early', reason: 'again' }, now + 700_000);
    expect(twice.ok === false && twice.error.message).toContain('already reversed by Anna Berg');
    const again = await okCall<ShiftCloseView>('shift.confirm', { date: '2026-12-03', code: 'Early', lines: [{ ...lines[0]!, good: 150 }, lines[1]!], overrideReason: 'coded on paper' }, now + 800_000);
    expect(again.correction).toBe(1);
    const newPosts = outbox(db).slice(4);
    expect(newPosts.map((o) => [o.kind, (o.payload.quantities as { yield: string }).yield, o.payload.supersedes])).toEqual([
      ['confirmation.post', '150', posts[0]],
      ['confirmation.post', '200', posts[1]],
    ]);
    expect(again.confirmations.filter((c) => c.kind === 'post' && c.reversedBy === null).map((c) => c.correction)).toEqual([1, 1]);
    expect(kicks()).toBe(3);
  });
});
