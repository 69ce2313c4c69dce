import { alertsStore } from './alertsStore.ts';
import { auditStore } from './auditStore.ts';
import { connectivityStore } from './connectivityStore.ts';
import { downtimeStore } from './downtimeStore.ts';
import { resetHoldsForPerson } from './holdsStore.ts';
import { outboxStore } from './outboxStore.ts';
import { onPersonChange } from './personChange.ts';
import { sessionStore } from './sessionStore.ts';
import { shiftCloseStore } from './shiftCloseStore.ts';
import { systemStore } from './systemStore.ts';
import { usersStore } from './usersStore.ts';

/**
 * What the person before saw or was told must not stay on screen for the next one: every command
 * answer, error and notice is cleared, and what only some roles may read (users, the audit trail,
 * outbox items) is dropped until the screen asks again as the new person.
 */
export function resetForPerson(): void {
  resetHoldsForPerson();
  // The selected alert stays selected (every role sees the same list); its history is loaded again.
  alertsStore.setState((s) => ({ ...s, message: null, busy: false, history: null }));
  outboxStore.setState((s) => ({ ...s, message: null, items: [], history: null }));
  downtimeStore.setState((s) => ({ ...s, message: null, busy: false }));
  shiftCloseStore.setState((s) => ({ ...s, message: null }));
  connectivityStore.setState((s) => ({ ...s, message: null }));
  usersStore.setState({ users: [], error: null, message: null, signInSettings: null, settingsMessage: null });
  auditStore.setState({ records: [], hasMore: false, error: null, verify: null, loading: false, people: {} });
  systemStore.setState((s) => ({ ...s, notices: [] }));
  sessionStore.setState((s) => (s.error === null ? s : { ...s, error: null }));
}

/**
 * On every change of person (sign-in, sign-out, switch, lock): clear (above), then `reload` what the
 * screens show from the core. Screens that load on their own also list `usePersonKey()` in their
 * effects. Returns the undo.
 */
export function wirePersonChange(reload: () => void): () => void {
  return onPersonChange((_now, before) => {
    // The first answer of the core says who is here; nothing was shown for anyone before it.
    if (before === null) return;
    resetForPerson();
    reload();
  });
}
