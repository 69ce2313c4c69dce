import type { Actor } from '../../../shared/domain/actor.ts';

/** The console itself, as the actor of what no person did (demo seeding, automatic lock). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: 'Console', roles: [] };
