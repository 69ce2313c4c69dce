import { z } from 'zod';
import { commands } from '../../../../../shared/contract/commands.ts';
import { fail, ok } from '../../../../../shared/contract/envelope.ts';
import { defineCommands } from '../../../../../shared/contract/spec.ts';
import { createDispatcher, mayRun } from '../../../../../electron/core/platform/dispatch/createDispatcher.ts';
import type { Handlers } from '../../../../../electron/core/platform/dispatch/handlers.ts';
import { SessionTable } from '../../../../../electron/core/platform/dispatch/sessions.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';

const table = defineCommands({
  'test.read': { req: z.object({}).strict(), res: z.object({ n: z.number() }), access: 'anyone', summary: 'Read a number' },
  'test.code': {
    req: z.object({ eventId: z.string().min(1), reason: z.string().max(10) }).strict(),
    res: z.object({ coded: z.boolean() }),
    access: ['supervisor'],
    summary: 'Code a downtime reason',
  },
  'test.broken': { req: z.object({}), res: z.object({ n: z.number() }), access: 'anyone', summary: 'Answer wrongly' },
  'test.throws': { req: z.object({}), res: z.object({}), access: 'anyone', summary: 'Throw' },
  'holds.place': { ...commands['holds.place'], access: 'anyone' },
  'shift.draft': commands['shift.draft'],
});

function setup() {
  const clock = new FakeClock();
  const logger = memoryLogger();
  const sessions = new SessionTable(clock);
  const calls: unknown[] = [];
  const denied: string[] = [];
  const handlers = {
    'test.read': () => ok({ n: 1 }),
    'test.code': (req: unknown) => {
      calls.push(req);
      return ok({ coded: true });
    },
    'test.broken': () => ok({ n: 'one' }),
    'holds.place': () => ok({}),
    'shift.draft': (req: { date?: string }) => ok({ iso: new Date(`${req.date}T00:00:00Z`).toISOString() }),
    'test.throws': () => {
      throw new Error('boom with password=secret1');
    },
  } as unknown as Handlers;
  const dispatch = createDispatcher({ handlers, table, sessions, clock, logger, checkResponses: true, onDenied: (k) => denied.push(k) });
  return { dispatch, sessions, calls, denied, logger };
}

describe('dispatch', () => {
  it('runs a command for an open session', async () => {
    const { dispatch, sessions } = setup();
    expect(await dispatch('test.read', {}, sessions.open())).toEqual(ok({ n: 1 }));
  });

  it('refuses unknown commands, including prototype keys', async () => {
    const { dispatch, sessions } = setup();
    const s = sessions.open();
    for (const key of ['test.nope', 'constructor', '__proto__', 'toString']) {
      const r = await dispatch(key, {}, s);
      expect(r.ok === false && r.error.code).toBe('BAD_REQUEST');
    }
  });

  it('refuses a session the core did not open', async () => {
    const { dispatch } = setup();
    const r = await dispatch('test.read', {}, 'made-up');
    expect(r.ok === false && r.error.code).toBe('UNAUTHENTICATED');
  });

  it('validates the payload before anything runs, naming each bad field', async () => {
    const { dispatch, sessions, calls } = setup();
    const s = sessions.open();
    sessions.setActor(s, { userId: 'u1', displayName: 'Sam', roles: ['supervisor'] });
    const r = await dispatch('test.code', { eventId: '', reason: 'far too long a reason', extra: 1 }, s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect((r.error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['(top level)', 'eventId', 'reason']);
    expect(calls).toEqual([]);
  });

  it('names the field in plain words and the limit, no command key or schema jargon', async () => {
    const { dispatch, sessions } = setup();
    const s = sessions.open();
    const scope = { kind: 'lot', lot: 'LOT-2026-1206-A', lineId: 'L1', from: Date.UTC(2026, 11, 6, 6), to: Date.UTC(2026, 11, 6, 7) };
    const r = await dispatch('holds.place', { scope, reason: 'seal leak', defectCategory: 'sealing' }, s);
    expect(r).toMatchObject(fail('BAD_REQUEST', 'Lot number: at most 10 characters (SAP batch), got 15', [{ path: 'scope.lot', message: 'Lot number: at most 10 characters (SAP batch), got 15' }]));
    const missing = await dispatch('holds.place', { scope: { ...scope, lot: 'A1' }, defectCategory: 'sealing' }, s);
    expect(missing.ok === false && missing.error.message).toBe('Reason: required');
  });

  it('a payload problem reads in German with the field’s German label (no English field name), the English text unchanged', async () => {
    const { dispatch, sessions } = setup();
    const s = sessions.open();
    const scope = { kind: 'lot', lot: 'LOT-2026-1206-A', lineId: 'L1', from: Date.UTC(2026, 11, 6, 6), to: Date.UTC(2026, 11, 6, 7) };
    const long = await dispatch('holds.place', { scope, reason: 'seal leak', defectCategory: 'sealing' }, s);
    if (long.ok) throw new Error('a 15-character lot is refused');
    expect(renderMessage(long.error.msg!, 'de')).toBe('Chargennummer: höchstens 10 Zeichen, eingegeben 15');
    expect(tMessage(long.error.msg, '', createI18n('de'))).toBe('Chargennummer: höchstens 10 Zeichen, eingegeben 15');
    const missing = await dispatch('holds.place', { scope: { ...scope, lot: 'A1' }, defectCategory: 'sealing' }, s);
    if (missing.ok) throw new Error('a hold without a reason is refused');
    expect(missing.error.message).toBe('Reason: required');
    expect(renderMessage(missing.error.msg!, 'de')).toBe('Grund: Pflichtangabe');
    expect(renderMessage(missing.error.msg!, 'en')).toBe('Reason: required');
    const date = await dispatch('shift.draft', { date: '2026-13-45' }, s);
    expect(date.ok === false && renderMessage(date.error.msg!, 'de')).toBe('Datum: ist kein Datum im Kalender');
  });

  it('defect 9: an impossible date is BAD_REQUEST naming the field, never a RangeError in the handler (INTERNAL)', async () => {
    const { dispatch, sessions } = setup();
    const r = await dispatch('shift.draft', { date: '2026-13-45' }, sessions.open());
    expect(r).toMatchObject(fail('BAD_REQUEST', 'Date: there is no month 13 (2026-13-45)', [{ path: 'date', message: 'Date: there is no month 13 (2026-13-45)' }]));
  });

  it('checks the role in the core and reports the denial', async () => {
    const { dispatch, sessions, calls, denied } = setup();
    const s = sessions.open(); // signed-out viewer
    const r = await dispatch('test.code', { eventId: 'e1', reason: 'jam' }, s);
    expect(r).toMatchObject(fail('FORBIDDEN', 'Viewer may not code a downtime reason; needs role supervisor', { needed: ['supervisor'] }));
    expect(calls).toEqual([]);
    expect(denied).toEqual(['test.code']);
    sessions.setActor(s, { userId: 'u1', displayName: 'Sam', roles: ['quality', 'supervisor'] });
    expect(await dispatch('test.code', { eventId: 'e1', reason: 'jam' }, s)).toEqual(ok({ coded: true }));
  });

  it('turns a handler that breaks the contract or throws into INTERNAL without leaking details', async () => {
    const { dispatch, sessions, logger } = setup();
    const s = sessions.open();
    const broken = await dispatch('test.broken', {}, s);
    expect(broken.ok === false && broken.error.code).toBe('INTERNAL');
    const thrown = await dispatch('test.throws', {}, s);
    expect(thrown.ok === false && thrown.error.code).toBe('INTERNAL');
    expect(JSON.stringify(thrown)).not.toContain('boom');
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });

  it('mayRun: anyone, or any one of the listed roles', () => {
    const viewer = { userId: 'v', displayName: 'V', roles: ['viewer' as const] };
    expect(mayRun('anyone', viewer)).toBe(true);
    expect(mayRun(['admin'], viewer)).toBe(false);
    expect(mayRun(['admin', 'viewer'], viewer)).toBe(true);
  });
});
