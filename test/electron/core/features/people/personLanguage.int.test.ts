import type { AuthSession } from '../../../../../shared/contract/domains/auth.ts';
import { startPeopleHarness } from './peopleHarness.ts';

const badge = (badgeId: string, pin: string) => ({ method: 'badge', badgeId, pin });

describe('a person chooses their own language (auth.setLanguage through the dispatcher, real SQLite)', () => {
  let h: Awaited<ReturnType<typeof startPeopleHarness>>;
  beforeEach(async () => {
    h = await startPeopleHarness();
  });
  afterEach(() => h.stop());
  const signedIn = async (b: string, pin: string) => {
    const s = h.sessions.open();
    await h.call('auth.signIn', badge(b, pin), s);
    return s;
  };

  it('keeps the choice with the person: in the session view, on their next sign-in on another screen, and in the audit trail', async () => {
    const anna = await signedIn('BADGE-1001', '1111');
    expect((await h.call<AuthSession>('auth.session', {}, anna)).language).toBeNull();
    const after = await h.call<AuthSession>('auth.setLanguage', { language: 'en' }, anna);
    expect(after.language).toBe('en');
    expect(h.db.prepare("SELECT language FROM user_account WHERE user_id = 'demo-anna'").get()).toEqual({ language: 'en' });
    // Another screen, later: the person's language comes with them.
    await h.call('auth.signOut', {}, anna);
    const elsewhere = await signedIn('BADGE-1001', '1111');
    expect((await h.call<AuthSession>('auth.session', {}, elsewhere)).language).toBe('en');
    // Back to the plant's language.
    expect((await h.call<AuthSession>('auth.setLanguage', { language: null }, elsewhere)).language).toBeNull();
    const audited = h.auditRows().filter((r) => r.action === 'auth.setLanguage');
    expect(audited.map((r) => [r.user_id, r.target, JSON.parse(r.details!)])).toEqual([
      ['demo-anna', 'demo-anna', { from: null, to: 'en' }],
      ['demo-anna', 'demo-anna', { from: 'en', to: null }],
    ]);
  });

  it("changes only the caller's own language; another person keeps theirs", async () => {
    const anna = await signedIn('BADGE-1001', '1111');
    const ada = await signedIn('BADGE-1004', '4444');
    await h.call('auth.setLanguage', { language: 'de' }, anna);
    expect((await h.call<AuthSession>('auth.session', {}, ada)).language).toBeNull();
    expect((await h.call<AuthSession>('auth.session', {}, anna)).language).toBe('de');
  });

  it('a choice that is the same as before writes no audit record', async () => {
    const anna = await signedIn('BADGE-1001', '1111');
    await h.call('auth.setLanguage', { language: 'de' }, anna);
    await h.call('auth.setLanguage', { language: 'de' }, anna);
    expect(h.auditRows().filter((r) => r.action === 'auth.setLanguage')).toHaveLength(1);
  });

  it('refuses a screen nobody is signed in to, and a language the console does not speak', async () => {
    const nobody = h.sessions.open();
    const r = await h.dispatch('auth.setLanguage', { language: 'en' }, nobody);
    expect(r.ok === false && r.error.code).toBe('UNAUTHENTICATED');
    const anna = await signedIn('BADGE-1001', '1111');
    const fr = await h.dispatch('auth.setLanguage', { language: 'fr' }, anna);
    expect(fr.ok === false && fr.error.code).toBe('BAD_REQUEST');
    expect(h.db.prepare("SELECT language FROM user_account WHERE user_id = 'demo-anna'").get()).toEqual({ language: null });
    expect(h.auditRows().filter((r) => r.action === 'auth.setLanguage')).toHaveLength(0);
  });

  it('nobody signed in: the session view names no language of its own (the plant’s is in force)', async () => {
    const s = await h.call<AuthSession>('auth.session', {}, h.sessions.open());
    expect(s).not.toHaveProperty('language');
  });
});
