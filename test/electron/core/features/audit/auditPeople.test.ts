import { auditHandlers, peopleNamedIn } from '../../../../../electron/core/features/audit/auditHandlers.ts';
import { queryAudit } from '../../../../../electron/core/platform/audit/auditRepo.ts';
import { startPeopleHarness } from '../people/peopleHarness.ts';

let h: Awaited<ReturnType<typeof startPeopleHarness>>;
beforeEach(async () => {
  h = await startPeopleHarness();
});
afterEach(() => h.stop());

const badge = (badgeId: string, pin: string) => ({ method: 'badge', badgeId, pin });

// Issue 18: after a switch of user without signing out, the Audit screen showed "switchedFrom: demo-paul" to
// the quality lead. The audit list now names the people its records' details name by user id.
describe('audit.query names the people the details name by user id', () => {
  it('a session switch: the name of the person switched from, from the real user table', async () => {
    const s = h.sessions.open();
    await h.call('auth.signIn', badge('BADGE-1002', '2222'), s);
    await h.call('auth.signIn', badge('BADGE-1003', '3333'), s);
    const records = queryAudit(h.db, { action: 'auth.signIn' }, 50).records;
    expect(records.some((r) => r.details?.includes('"switchedFrom":"demo-paul"'))).toBe(true);
    expect(peopleNamedIn(h.db, records)).toEqual({ 'demo-paul': 'Paul Novak' });

    const handlers = auditHandlers({ db: h.db, clock: h.clock, log: { info() {}, warn() {}, error() {}, debug() {} } as never, plantId: 'P1' });
    const res = (await handlers['audit.query']({ action: 'auth.signIn', limit: 50 } as never, { actor: { userId: 'demo-quinn', displayName: 'Quinn Adler', roles: ['quality'] }, now: h.clock.now() } as never)) as { ok: true; value: { people: Record<string, string> } };
    expect(res.value.people).toEqual({ 'demo-paul': 'Paul Novak' });
  });

  it('an id nobody has any more is left out (the screen then says "another person")', () => {
    const rec = { seq: 1, at: 0, userId: 'demo-quinn', displayName: 'Quinn Adler', roles: [], action: 'auth.signIn', target: null, details: JSON.stringify({ switchedFrom: 'gone-1' }), outcome: 'ok' as const, hash: '', prevHash: '' };
    expect(peopleNamedIn(h.db, [rec])).toEqual({});
  });
});
