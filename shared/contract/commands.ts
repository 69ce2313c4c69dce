import type { z } from 'zod';
import { linesCommands } from './domains/lines.ts';
import { systemCommands } from './domains/system.ts';

/**
 * Every command the renderer may send, `domain.verb`. Each domain keeps its table in
 * ./domains/<domain>.ts; this file only joins them.
 */
export const commands = {
  ...systemCommands,
  ...linesCommands,
} as const;

export type CommandKey = keyof typeof commands;
export type Req<K extends CommandKey> = z.input<(typeof commands)[K]['req']>;
export type Res<K extends CommandKey> = z.output<(typeof commands)[K]['res']>;

export const isCommandKey = (key: string): key is CommandKey => Object.hasOwn(commands, key);
