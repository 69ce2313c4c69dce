import { createClient } from '../../../shared/contract/client.ts';
import { setActiveClient } from '../../../renderer/bridge/activeClient.ts';
import { holdsStore } from '../../../renderer/stores/holdsStore.ts';
import { outboxStore } from '../../../renderer/stores/outboxStore.ts';
import { alertsStore } from '../../../renderer/stores/alertsStore.ts';
import { applyNotice, systemStore } from '../../../renderer/stores/systemStore.ts';
import { initialSessionState, RESUME_KEY, lockNow, resumeSession, sessionStore, setResumeStorage, signIn, signOut } from '../../../renderer/stores/sessionStore.ts';
import { wirePersonChange } from '../../../renderer/stores/wirePerson.ts';
import { startPeopleHarness } from '../../electron/core/features/people/peopleHarness.ts';

/**
 * The renderer's session store against the real people module and dispatcher (real SQLite): the page's
 * one connection is a session of the core; a reload closes it and opens a new one.
 */
let h: Awaited<ReturnType<typeof startPeopleHarness>>;
let screen = '';
let storage: Map<string, string>;
const tab = () => ({ getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) });

beforeEach(async () => {
  h = await startPeopleHarness();
  screen = h.sessions.open();
  storage = new Map();
  setResumeStorage(tab());
  setActiveClient(createClient({ invoke: (key, req) => h.dispatch(key, req, screen), on: () => () => {} }));
  sessionStore.setState(initialSessionState, true);
});
afterEach(() => {
  setActiveClient(null);
  setResumeStorage(null);
  h.stop();
});

/** What F5 does to the page: its connection closes, a new page connects, its stores start empty. */
function reloadPage(): void {
  h.sessions.close(screen);
  screen = h.sessions.open();
  sessionStore.setState(initialSessionState, true);
}

describe('reload keeps the session (13.6), through the real core', () => {
  it('signs in, reloads, and is the same person; the secret is kept in the tab, never shown', async () => {
    expect(await signIn({ method: 'badge', badgeId: 'BADGE-1001', pin: '1111' })).toBe(true);
    const secret = storage.get(RESUME_KEY);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(sessionStore.getState())).not.toContain(secret);
    reloadPage();
    expect(await resumeSession()).toBe(true);
    expect(sessionStore.getState().session).toMatchObject({ signedIn: true, actor: { userId: 'demo-anna' } });
    expect(storage.get(RESUME_KEY)).not.toBe(secret);
    // Acting works on the new connection, as the same person.
    expect(h.sessions.actorOf(screen)?.userId).toBe('demo-anna');
  });

  it('after sign-out or lock, a reload does not resume, and nothing is kept', async () => {
    await signIn({ method: 'badge', badgeId: 'BADGE-1001', pin: '1111' });
    await signOut();
    expect(storage.has(RESUME_KEY)).toBe(false);
    reloadPage();
    expect(await resumeSession()).toBe(false);

    await signIn({ method: 'badge', badgeId: 'BADGE-1003', pin: '3333' });
    const secret = storage.get(RESUME_KEY)!;
    await lockNow();
    expect(storage.has(RESUME_KEY)).toBe(false);
    reloadPage();
    storage.set(RESUME_KEY, secret); // even if the page had kept it
    expect(await resumeSession()).toBe(false);
    expect(storage.has(RESUME_KEY)).toBe(false);
    expect(h.sessions.state(screen)?.signedIn).toBe(false);
  });
});

describe('a change of person clears and reloads what the screen shows (13.5, 14.E)', () => {
  it('sign-in, switch and sign-out each clear every answer and notice and reload once; the same person polled again does not', async () => {
    let reloads = 0;
    const off = wirePersonChange(() => reloads++);
    const dirty = () => {
      holdsStore.setState((s) => ({ ...s, message: { ok: false, text: 'Release refused', at: 'release:x' } }));
      outboxStore.setState({ message: { ok: false, text: 'Viewer may not list outbox items', fromLoad: true } });
      alertsStore.setState((s) => ({ ...s, message: { ok: false, text: 'Refused' } }));
      applyNotice({ at: 1, level: 'warning', message: 'Could not load users' }, 'console');
    };
    const clean = () => {
      expect(holdsStore.getState().message).toBeNull();
      expect(outboxStore.getState().message).toBeNull();
      expect(alertsStore.getState().message).toBeNull();
      expect(systemStore.getState().notices).toEqual([]);
    };
    // The first answer of the core (who is here) is not a change.
    sessionStore.setState((s) => ({ ...s, session: { actor: { userId: 'anonymous', displayName: 'Viewer', roles: ['viewer'] }, signedIn: false, viewerOnly: false, locked: null, idleLockMinutes: 5, lockAt: null, needsBootstrap: false } }));
    expect(reloads).toBe(0);
    dirty();
    await signIn({ method: 'badge', badgeId: 'BADGE-1003', pin: '3333' });
    clean();
    expect(reloads).toBe(1);
    dirty();
    await signIn({ method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }); // the quick switch
    clean();
    expect(reloads).toBe(2);
    dirty();
    await resumeSession(); // nothing kept for this open connection: no change
    expect(reloads).toBe(2);
    await signOut();
    clean();
    expect(reloads).toBe(3);
    off();
  });
});
