import { z } from 'zod';
import { Role } from '../../domain/actor.ts';
import { plainId } from '../../domain/fieldLimits.ts';
import { defineCommands } from '../spec.ts';
import { BadgeId, DisplayName, NewPin, UserName } from './auth.ts';

const Roles = z
  .array(Role)
  .min(1)
  .max(5)
  .refine((r) => new Set(r).size === r.length, 'each role once');

export const UserSummary = z.object({
  userId: z.string(),
  userName: z.string(),
  displayName: z.string(),
  badgeId: z.string().nullable(),
  roles: z.array(Role),
  active: z.boolean(),
  failedCount: z.number().int(),
  lockedUntil: z.number().nullable(),
  updatedAt: z.number(),
});
export type UserSummary = z.infer<typeof UserSummary>;

const UserId = plainId('User');

export const usersCommands = defineCommands({
  'users.list': {
    req: z.object({}).strict(),
    res: z.array(UserSummary),
    access: ['admin'],
    summary: 'List the people who may sign in',
  },
  'users.create': {
    req: z.object({ userName: UserName, displayName: DisplayName, badgeId: BadgeId.nullable().default(null), roles: Roles, pin: NewPin }).strict(),
    res: UserSummary,
    access: ['admin'],
    summary: 'Add a person',
  },
  'users.update': {
    req: z
      .object({ userId: UserId, displayName: DisplayName.optional(), badgeId: BadgeId.nullable().optional(), roles: Roles.optional(), active: z.boolean().optional() })
      .strict(),
    res: UserSummary,
    access: ['admin'],
    summary: 'Change a person’s name, badge, roles or whether they may sign in',
  },
  'users.setPin': {
    req: z.object({ userId: UserId, pin: NewPin }).strict(),
    res: UserSummary,
    access: ['admin'],
    summary: 'Set a new PIN for a person',
  },
  'users.unlock': {
    req: z.object({ userId: UserId }).strict(),
    res: UserSummary,
    access: ['admin'],
    summary: 'Unlock a person locked out after failed PINs',
  },
});
