import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { AuthSession, SignInReq } from '../../shared/contract/domains/auth.ts';
import type { Envelope } from '../../shared/contract/envelope.ts';
import type { Access } from '../../shared/contract/spec.ts';
import type { Role } from '../../shared/domain/actor.ts';
import type { Message } from '../../shared/i18n/index.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { applySession } from './systemStore.ts';

export interface SessionStoreState {
  readonly session: AuthSession | null;
  /** The sign-in dialog is open (also for a quick switch while someone is signed in). */
  readonly dialogOpen: boolean;
  readonly busy: boolean;
  readonly error: string | null;
  /** The same refusal as the core's catalogue message, so the dialog shows it in the reader's language. */
  readonly errorMsg?: Message | null;
}

export const initialSessionState: SessionStoreState = { session: null, dialogOpen: false, busy: false, error: null };
export const sessionStore = createStore<SessionStoreState>()(subscribeWithSelector(() => initialSessionState));

export const selectSession = (s: SessionStoreState) => s.session;
const NO_ROLES: readonly Role[] = [];
// A stable empty array: a new one per call would make React re-render forever.
export const selectRoles = (s: SessionStoreState): readonly Role[] => (s.session?.signedIn ? s.session.actor.roles : NO_ROLES);
/** Whether the person on this screen may run something with this access; the core decides again. */
export const selectMay = (access: Access) => (s: SessionStoreState): boolean => access === 'anyone' || access.some((r) => selectRoles(s).includes(r));

export const useSession = () => useStore(sessionStore, selectSession);
export const useSessionUi = () => useStore(sessionStore, (s) => s);
export const useMay = (access: Access) => useStore(sessionStore, selectMay(access));

/** Where this tab keeps the secret that lets a reload take its session back (per tab: sessionStorage). */
export const RESUME_KEY = 'plant-console.resume';
let resumeStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = null;
/** The tab's sessionStorage (wireStreams sets it; tests give their own). */
export function setResumeStorage(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): void {
  resumeStorage = storage;
}
function keepResume(token: string | null): void {
  try {
    if (token) resumeStorage?.setItem(RESUME_KEY, token);
    else resumeStorage?.removeItem(RESUME_KEY);
  } catch {
    // Storage can be disabled: the session then simply does not survive a reload.
  }
}

export function applyAuthSession(session: AuthSession): void {
  // The secret is handed out once after a sign-in or resume; it is kept in the tab, never shown.
  const { resumeToken, ...shown } = session;
  if (resumeToken) keepResume(resumeToken);
  // A locked screen cannot be taken back by a reload: the person signs in again.
  else if (shown.locked) keepResume(null);
  sessionStore.setState((s) => ({ ...s, session: shown }));
  applySession(shown.actor);
}

/**
 * After a reload (or a dropped connection), take back this tab's session: the core checks the secret
 * against its own record and the idle lock, and says who is signed in. Nothing is taken from the page.
 * True when someone was signed in again.
 */
export async function resumeSession(): Promise<boolean> {
  let token: string | null = null;
  try {
    token = resumeStorage?.getItem(RESUME_KEY) ?? null;
  } catch {
    token = null;
  }
  if (!token) return false;
  const r = await activeClient().invoke('auth.resume', { token });
  if (r.ok) {
    applyAuthSession(r.value);
    return true;
  }
  keepResume(null);
  return false;
}

export const openSignIn = (): void => sessionStore.setState((s) => ({ ...s, dialogOpen: true, error: null }));
export const closeSignIn = (): void => sessionStore.setState((s) => ({ ...s, dialogOpen: false, error: null, busy: false }));

async function run(call: () => Promise<Envelope<AuthSession>>, closeOnOk: boolean): Promise<boolean> {
  sessionStore.setState((s) => ({ ...s, busy: true, error: null }));
  const r = await call();
  if (r.ok) {
    applyAuthSession(r.value);
    sessionStore.setState((s) => ({ ...s, busy: false, dialogOpen: closeOnOk ? false : s.dialogOpen }));
    return true;
  }
  sessionStore.setState((s) => ({ ...s, busy: false, error: r.error.message, errorMsg: r.error.msg ?? null }));
  return false;
}

export const signIn = (req: SignInReq): Promise<boolean> => run(() => activeClient().invoke('auth.signIn', req), true);
export const bootstrapAdmin = (req: { code: string; userName: string; displayName: string; badgeId?: string; pin: string }): Promise<boolean> =>
  run(() => activeClient().invoke('auth.bootstrap', req), true);
export const signOut = (): Promise<boolean> => (keepResume(null), run(() => activeClient().invoke('auth.signOut', {}), false));
export const lockNow = (): Promise<boolean> => (keepResume(null), run(() => activeClient().invoke('auth.lock', {}), false));

export async function refreshSession(): Promise<void> {
  const r = await activeClient().invoke('auth.session', {});
  if (r.ok) applyAuthSession(r.value);
}

/** Activity reports at most this often: enough to keep a used screen unlocked, little traffic. */
export const ACTIVITY_REPORT_MS = 15_000;
let lastReport = 0;
export function reportActivity(now: number = Date.now()): void {
  const s = sessionStore.getState().session;
  if (!s?.signedIn || now - lastReport < ACTIVITY_REPORT_MS) return;
  lastReport = now;
  void activeClient()
    .invoke('auth.activity', {})
    .then((r) => r.ok && applyAuthSession(r.value));
}

/** How often the screen asks the core about its session, so a lock shows within seconds. */
export const SESSION_POLL_MS = 2000;

/**
 * Keeps the session current: polls the core (the core locks idle screens, the page only shows it) and
 * reports keyboard and pointer use as activity. Returns the undo.
 */
export function wireSession(win: Window | null, isOpen: () => boolean): () => void {
  const timer = setInterval(() => {
    if (isOpen()) void refreshSession();
  }, SESSION_POLL_MS);
  const onUse = () => reportActivity();
  win?.addEventListener('pointerdown', onUse, { passive: true });
  win?.addEventListener('keydown', onUse);
  return () => {
    clearInterval(timer);
    win?.removeEventListener('pointerdown', onUse);
    win?.removeEventListener('keydown', onUse);
  };
}
