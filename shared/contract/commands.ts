import type { z } from 'zod';
import { alertsCommands } from './domains/alerts.ts';
import { auditCommands } from './domains/audit.ts';
import { casesCommands } from './domains/cases.ts';
import { connectivityCommands } from './domains/connectivity.ts';
import { authCommands } from './domains/auth.ts';
import { downtimeCommands } from './domains/downtime.ts';
import { holdsCommands } from './domains/holds.ts';
import { hubCommands } from './domains/hub.ts';
import { linesCommands } from './domains/lines.ts';
import { ordersCommands } from './domains/orders.ts';
import { productionCommands } from './domains/production.ts';
import { outboxCommands } from './domains/outbox.ts';
import { shiftCommands } from './domains/shift.ts';
import { signalsCommands } from './domains/signals.ts';
import { systemCommands } from './domains/system.ts';
import { usersCommands } from './domains/users.ts';

/**
 * Every command the renderer may send, `domain.verb`. Each domain keeps its table in
 * ./domains/<domain>.ts; this file only joins them.
 */
export const commands = {
  ...systemCommands,
  ...linesCommands,
  ...productionCommands,
  ...downtimeCommands,
  ...authCommands,
  ...usersCommands,
  ...auditCommands,
  ...outboxCommands,
  ...ordersCommands,
  ...shiftCommands,
  ...alertsCommands,
  ...casesCommands,
  ...holdsCommands,
  ...connectivityCommands,
  ...signalsCommands,
  ...hubCommands,
} as const;

export type CommandKey = keyof typeof commands;
export type Req<K extends CommandKey> = z.input<(typeof commands)[K]['req']>;
export type Res<K extends CommandKey> = z.output<(typeof commands)[K]['res']>;

export const isCommandKey = (key: string): key is CommandKey => Object.hasOwn(commands, key);
