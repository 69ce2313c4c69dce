import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PeopleSettings } from '../../shared/contract/domains/auth.ts';
import type { UserSummary } from '../../shared/contract/domains/users.ts';
import type { Envelope } from '../../shared/contract/envelope.ts';
import { activeClient } from '../bridge/activeClient.ts';

export interface UsersState {
  readonly users: readonly UserSummary[];
  readonly error: string | null;
  readonly message: string | null;
  /** The workstation's sign-in settings as the core last said (administrators only). */
  readonly signInSettings: PeopleSettings | null;
  /** The answer to loading or saving them, shown at their form. */
  readonly settingsMessage: { readonly ok: boolean; readonly text: string } | null;
}

export const usersStore = createStore<UsersState>()(() => ({ users: [], error: null, message: null, signInSettings: null, settingsMessage: null }));
export const useUsers = () => useStore(usersStore, (s) => s);

export async function loadUsers(): Promise<void> {
  const r = await activeClient().invoke('users.list', {});
  usersStore.setState(r.ok ? { users: r.value, error: null } : { error: r.error.message });
}

/** Runs one change, shows its outcome, reloads the list. */
async function change(call: () => Promise<Envelope<UserSummary>>, done: string): Promise<boolean> {
  const r = await call();
  usersStore.setState(r.ok ? { error: null, message: done } : { error: r.error.message, message: null });
  if (r.ok) await loadUsers();
  return r.ok;
}

type Roles = UserSummary['roles'];
export const createUser = (u: { userName: string; displayName: string; badgeId: string | null; roles: Roles; pin: string }) =>
  change(() => activeClient().invoke('users.create', u), `${u.displayName} added`);
export const setActive = (userId: string, active: boolean) => change(() => activeClient().invoke('users.update', { userId, active }), active ? 'Reactivated' : 'Deactivated');
export const setRoles = (userId: string, roles: Roles) => change(() => activeClient().invoke('users.update', { userId, roles }), 'Roles changed');
export const unlockUser = (userId: string) => change(() => activeClient().invoke('users.unlock', { userId }), 'Unlocked');
export const setPin = (userId: string, pin: string) => change(() => activeClient().invoke('users.setPin', { userId, pin }), 'PIN set');

export async function loadSignInSettings(): Promise<void> {
  const r = await activeClient().invoke('auth.settings', {});
  usersStore.setState(r.ok ? { signInSettings: r.value, settingsMessage: null } : { signInSettings: null, settingsMessage: { ok: false, text: r.error.message } });
}

/** Sent as typed (numbers or not): the core's answer names what is out of range. */
export async function saveSignInSettings(form: { idleLockMinutes: string; lockoutThreshold: string }): Promise<boolean> {
  const r = await activeClient().invoke('auth.setSettings', { idleLockMinutes: Number(form.idleLockMinutes), lockoutThreshold: Number(form.lockoutThreshold) });
  usersStore.setState(
    r.ok
      ? { signInSettings: r.value, settingsMessage: { ok: true, text: `Saved: screens lock after ${r.value.idleLockMinutes} idle minute${r.value.idleLockMinutes === 1 ? '' : 's'}` } }
      : { settingsMessage: { ok: false, text: r.error.message } },
  );
  return r.ok;
}
