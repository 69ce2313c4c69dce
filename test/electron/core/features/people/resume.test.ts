import type { AuthSession } from '../../../../../shared/contract/domains/auth.ts';
import { SessionTable } from '../../../../../electron/core/platform/dispatch/sessions.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startPeopleHarness } from './peopleHarness.ts';

let h: Awaited<ReturnType<typeof startPeopleHarness>>;
beforeEach(async () => {
  h = await startPeopleHarness();
});
afterEach(() => h.stop());

const badge = (badgeId: string, pin: string) => ({ method: 'badge', badgeId, pin });

/** What a reload does: the old screen's connection closes, a new one opens and offers its secret. */
async function reload(screen: string, token: string | undefined) {
  h.sessions.close(screen);
  const next = h.sessions.open();
  const r = await h.dispatch('auth.resume', { token: token ?? 'none' }, next);
  return { next, r };
}

describe('reload keeps the session of a screen until the idle lock (defect 13.6)', () => {
  it('a reload with the secret from the sign-in takes the same person back, once, audited; the secret rotates', async () => {
    const screen = h.sessions.open();
    const signedIn = await h.call<AuthSession>('auth.signIn', badge('BADGE-1001', '1111'), screen);
    expect(signedIn.resumeToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Sent once: a poll does not hand it out again.
    expect((await h.call<AuthSession>('auth.session', {}, screen)).resumeToken).toBeUndefined();

    h.clock.advance(10_000);
    const { next, r } = await reload(screen, signedIn.resumeToken);
    expect(r.ok).toBe(true);
    const resumed = r.ok ? (r.value as AuthSession) : null;
    expect(resumed).toMatchObject({ signedIn: true, actor: { userId: 'demo-anna' } });
    expect(resumed!.resumeToken).toBeDefined();
    expect(resumed!.resumeToken).not.toBe(signedIn.resumeToken);
    // The person can act again on the new screen; the old id is gone.
    expect(h.sessions.state(screen)).toBeUndefined();
    expect(h.sessions.actorOf(next)?.userId).toBe('demo-anna');

    // The old secret does not work a second time (another tab, a copied value).
    const again = await reload(next, signedIn.resumeToken);
    expect(again.r.ok === false && again.r.error.code).toBe('UNAUTHENTICATED');
    expect(again.r.ok === false && again.r.error.message).not.toMatch(/Anna|demo-/);
    expect(h.auditRows().filter((x) => x.action === 'auth.resume').map((x) => [x.user_id, x.outcome])).toEqual([['demo-anna', 'ok']]);
  });

  it('the idle lock still applies: a reload after the idle minutes does not resume, and the wait is not activity', async () => {
    const screen = h.sessions.open();
    const signedIn = await h.call<AuthSession>('auth.signIn', badge('BADGE-1002', '2222'), screen);
    h.clock.advance(3 * 60_000);
    // Reload at 3 of 5 idle minutes: resumes, but with the old last activity (2 minutes left, not 5).
    const first = await reload(screen, signedIn.resumeToken);
    const view = first.r.ok ? (first.r.value as AuthSession) : null;
    expect(view?.lockAt).toBe(h.clock.now() + 2 * 60_000);
    // The screen stays closed past the idle lock: the idle check ends the detached session.
    h.sessions.close(first.next);
    h.clock.advance(2 * 60_000 + 2000);
    const next = h.sessions.open();
    const late = await h.dispatch('auth.resume', { token: view!.resumeToken! }, next);
    expect(late.ok === false && late.error.code).toBe('UNAUTHENTICATED');
    expect(h.sessions.state(next)).toMatchObject({ signedIn: false });
  });

  it('sign-out and lock end the secret; a viewer-only screen and a garbage secret are refused', async () => {
    const screen = h.sessions.open();
    const a = await h.call<AuthSession>('auth.signIn', badge('BADGE-1001', '1111'), screen);
    await h.call('auth.signOut', {}, screen);
    expect((await reload(screen, a.resumeToken)).r.ok).toBe(false);

    const s2 = h.sessions.open();
    const b = await h.call<AuthSession>('auth.signIn', badge('BADGE-1003', '3333'), s2);
    await h.call('auth.lock', {}, s2);
    expect((await reload(s2, b.resumeToken)).r.ok).toBe(false);

    const s3 = h.sessions.open();
    const c = await h.call<AuthSession>('auth.signIn', badge('BADGE-1003', '3333'), s3);
    h.sessions.close(s3);
    const wall = h.sessions.open({ viewerOnly: true });
    expect((await h.dispatch('auth.resume', { token: c.resumeToken! }, wall)).ok).toBe(false);
    const s4 = h.sessions.open();
    expect((await h.dispatch('auth.resume', { token: 'x'.repeat(43) }, s4)).ok).toBe(false);
    expect(h.sessions.state(s4)).toMatchObject({ signedIn: false });
  });
});

describe('SessionTable under the real clock', () => {
  it('a closed signed-in screen is kept for a reload, a closed signed-out one is not, and only a bounded number are kept', () => {
    const t = new SessionTable(systemClock);
    const anon = t.open();
    t.close(anon);
    expect(t.state(anon)).toBeUndefined();
    const ids: string[] = [];
    for (let i = 0; i < 70; i++) {
      const id = t.open();
      t.setActor(id, { userId: `u${i}`, displayName: `U ${i}`, roles: ['supervisor'] });
      t.issueResume(id);
      t.close(id);
      ids.push(id);
    }
    expect(t.ids()).toEqual([]);
    expect(ids.filter((id) => t.state(id) !== undefined).length).toBe(64);
    const fresh = t.open();
    expect(t.resume(fresh, 'not-a-secret', systemClock.now() - 60_000)).toBeNull();
  });
});
