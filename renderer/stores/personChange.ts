import { useStore } from 'zustand';
import { type SessionStoreState, sessionStore } from './sessionStore.ts';

/**
 * Who acts on this screen, as one comparable value: the user id when someone is signed in, `viewer`
 * when nobody is (signed out or locked), null before the core has said. Everything a screen shows from
 * the core was shown to this person; when it changes, what the screen shows must be asked for again.
 */
export const selectPersonKey = (s: SessionStoreState): string | null => (s.session === null ? null : s.session.signedIn ? s.session.actor.userId : 'viewer');

/** The person key, for a screen's effect dependencies: `useEffect(load, [personKey])` reloads on sign-in, sign-out and switch. */
export const usePersonKey = (): string | null => useStore(sessionStore, selectPersonKey);

/** Calls `fn` whenever the person on this screen changes (not for the same person polled again). Returns the undo. */
export function onPersonChange(fn: (now: string | null, before: string | null) => void): () => void {
  return sessionStore.subscribe(selectPersonKey, (now, before) => {
    if (now !== before) fn(now, before);
  });
}
