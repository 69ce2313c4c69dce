import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PeopleSettings } from '../../shared/contract/domains/auth.ts';
import type { UserSummary } from '../../shared/contract/domains/users.ts';
import type { Envelope } from '../../shared/contract/envelope.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

export interface UsersState {
  readonly users: readonly UserSummary[];
  /** The core's refusal of the last load or change (shown in the reader's language). */
  readonly error: Answer | null;
  /** What the last change did, as a catalogue key. */
  readonly message: Answer | null;
  /** The workstation's sign-in settings as the core last said (administrators only). */
  readonly signInSettings: PeopleSettings | null;
  /** The answer to loading or saving them, shown at their form. */
  readonly settingsMessage: Answer | null;
}

export const usersStore = createStore<UsersState>()(() => ({ users: [], error: null, message: null, signInSettings: null, settingsMessage: null }));
export const useUsers = () => useStore(usersStore, (s) => s);

export async function loadUsers(): Promise<void> {
  const r = await activeClient().invoke('users.list', {});
  usersStore.setState(r.ok ? { users: r.value, error: null } : { error: failAnswer(r.error) });
}

/** Runs one change, shows its outcome, reloads the list. */
async function change(call: () => Promise<Envelope<UserSummary>>, done: Answer): Promise<boolean> {
  const r = await call();
  usersStore.setState(r.ok ? { error: null, message: done } : { error: failAnswer(r.error), message: null });
  if (r.ok) await loadUsers();
  return r.ok;
}

type Roles = UserSummary['roles'];
export const createUser = (u: { userName: string; displayName: string; badgeId: string | null; roles: Roles; pin: string }) =>
  change(() => activeClient().invoke('users.create', u), okAnswer('users:answers.added', { name: u.displayName }));
export const setActive = (userId: string, active: boolean) => change(() => activeClient().invoke('users.update', { userId, active }), okAnswer(active ? 'users:answers.reactivated' : 'users:answers.deactivated'));
export const setRoles = (userId: string, roles: Roles) => change(() => activeClient().invoke('users.update', { userId, roles }), okAnswer('users:answers.rolesChanged'));
export const unlockUser = (userId: string) => change(() => activeClient().invoke('users.unlock', { userId }), okAnswer('users:answers.unlocked'));
export const setPin = (userId: string, pin: string) => change(() => activeClient().invoke('users.setPin', { userId, pin }), okAnswer('users:answers.pinSet'));

export async function loadSignInSettings(): Promise<void> {
  const r = await activeClient().invoke('auth.settings', {});
  usersStore.setState(r.ok ? { signInSettings: r.value, settingsMessage: null } : { signInSettings: null, settingsMessage: failAnswer(r.error) });
}

/** Sent as typed (numbers or not): the core's answer names what is out of range. */
export async function saveSignInSettings(form: { idleLockMinutes: string; lockoutThreshold: string }): Promise<boolean> {
  const r = await activeClient().invoke('auth.setSettings', { idleLockMinutes: Number(form.idleLockMinutes), lockoutThreshold: Number(form.lockoutThreshold) });
  usersStore.setState(
    r.ok
      ? { signInSettings: r.value, settingsMessage: okAnswer('signin:settings.saved', { n: r.value.idleLockMinutes }) }
      : { settingsMessage: failAnswer(r.error) },
  );
  return r.ok;
}
