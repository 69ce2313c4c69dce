import type { Role } from '../../../../shared/domain/actor.ts';

/**
 * The people of the demo plant (documented in docs/people.md). Seeded only into a demo plant's empty
 * database; a production plant starts with none and asks for its first administrator.
 */
export const DEMO_USERS: readonly { userId: string; userName: string; displayName: string; badgeId: string; roles: Role[]; pin: string }[] = [
  { userId: 'demo-anna', userName: 'anna', displayName: 'Anna Berg', badgeId: 'BADGE-1001', roles: ['supervisor'], pin: '1111' },
  { userId: 'demo-paul', userName: 'paul', displayName: 'Paul Novak', badgeId: 'BADGE-1002', roles: ['planner'], pin: '2222' },
  { userId: 'demo-quinn', userName: 'quinn', displayName: 'Quinn Adler', badgeId: 'BADGE-1003', roles: ['quality'], pin: '3333' },
  { userId: 'demo-ada', userName: 'ada', displayName: 'Ada Admin', badgeId: 'BADGE-1004', roles: ['admin'], pin: '4444' },
  { userId: 'demo-wall', userName: 'wall', displayName: 'Wall Board', badgeId: 'BADGE-1005', roles: ['viewer'], pin: '5555' },
];
