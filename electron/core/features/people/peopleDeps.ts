import type { SignInThrottle } from './signInThrottle.ts';
import type { SessionTable } from '../../platform/dispatch/sessions.ts';
import type { Clock, Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { type PeopleSettingsRow, readPeopleSettings } from './userRepo.ts';

/** What the people services share: built once by peopleModule, passed to each handler file. */
export interface PeopleDeps {
  db: WritableDb;
  clock: Clock;
  log: Logger;
  sessions: SessionTable;
  dataDir: string;
  mode: 'demo' | 'production';
  settings(): PeopleSettingsRow;
  reloadSettings(): void;
  /** True while a production plant has no user at all. */
  needsBootstrap(): boolean;
  setNeedsBootstrap(v: boolean): void;
  /** Failed sign-ins without an account to lock, per workstation and badge, kept in the database. */
  throttle: SignInThrottle;
  /** Serialises sign-in attempts per account (see keyedMutex). */
  serial<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function settingsCache(db: WritableDb): { get(): PeopleSettingsRow; reload(): void } {
  let cached = readPeopleSettings(db);
  return { get: () => cached, reload: () => void (cached = readPeopleSettings(db)) };
}
