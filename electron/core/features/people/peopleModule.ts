import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import os from 'node:os';
import { keyedMutex } from './keyedMutex.ts';
import { createSignInThrottle } from './signInThrottle.ts';
import type { Disposable } from '../../platform/ports/ports.ts';
import { countUsers } from './userRepo.ts';
import { authHandlers } from './authHandlers.ts';
import { prepareFirstRun } from './bootstrap.ts';
import { startIdleLock } from './idleLock.ts';
import { type PeopleDeps, settingsCache } from './peopleDeps.ts';
import { usersHandlers } from './usersHandlers.ts';
import { languageHandlers } from './personLanguage.ts';

export type PeopleModule = CoreModule<
  'auth.session' | 'auth.signIn' | 'auth.signOut' | 'auth.lock' | 'auth.activity' | 'auth.resume' | 'auth.bootstrap' | 'auth.settings' | 'auth.setSettings' | 'auth.setLanguage' | 'users.list' | 'users.create' | 'users.update' | 'users.setPin' | 'users.unlock'
> & {
  /** Seeds demo users or makes the first-administrator code; startCore awaits it before taking commands. */
  prepare(): Promise<string | null>;
  deps: PeopleDeps;
};

/** The part of CoreContext the people module uses (tests build just this). */
export interface PeopleContext {
  db: CoreContext['db'];
  ports: Pick<CoreContext['ports'], 'clock'>;
  log: CoreContext['log'];
  sessions: CoreContext['sessions'];
  options: Pick<CoreContext['options'], 'dataDir'>;
  config: Pick<CoreContext['config'], 'mode'>;
  /** Which workstation sign-in throttles belong to; default: this machine's host name. */
  workstationId?: string;
}

/** Users, sign-in, idle lock and first-run bootstrap. */
export function createPeopleModule(ctx: PeopleContext): PeopleModule {
  const settings = settingsCache(ctx.db);
  let needsBootstrap = ctx.config.mode === 'production' && countUsers(ctx.db) === 0;
  const deps: PeopleDeps = {
    db: ctx.db,
    clock: ctx.ports.clock,
    log: ctx.log.child({ component: 'people' }),
    sessions: ctx.sessions,
    dataDir: ctx.options.dataDir,
    mode: ctx.config.mode,
    settings: settings.get,
    reloadSettings: settings.reload,
    needsBootstrap: () => needsBootstrap,
    setNeedsBootstrap: (v) => void (needsBootstrap = v),
    serial: keyedMutex(),
    // One core serves one workstation's screens; the throttle outlives any one screen and a restart.
    throttle: createSignInThrottle(ctx.db, ctx.ports.clock, ctx.workstationId ?? os.hostname()),
  };
  let idle: Disposable | null = null;
  return {
    deps,
    handlers: { ...authHandlers(deps), ...usersHandlers(deps), ...languageHandlers(deps) },
    prepare: () => prepareFirstRun(deps),
    start() {
      idle = startIdleLock(deps);
    },
    dispose() {
      idle?.dispose();
      idle = null;
    },
  };
}
