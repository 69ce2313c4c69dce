import type { z } from 'zod';
import type { Role } from '../domain/actor.ts';

/**
 * Who may run a command. `anyone` includes the signed-out viewer of a wall board, so it is only for
 * reads that a wall board shows anyway.
 */
export type Access = 'anyone' | readonly Role[];

export interface CommandSpec {
  readonly req: z.ZodType;
  readonly res: z.ZodType;
  readonly access: Access;
  /** One line for people: shown in denials and in the audit trail. */
  readonly summary: string;
}

export interface StreamSpec {
  readonly payload: z.ZodType;
  readonly summary: string;
}

/** Identity helpers that keep literal keys while checking each entry's shape. */
export const defineCommands = <T extends Record<string, CommandSpec>>(table: T): T => table;
export const defineStreams = <T extends Record<string, StreamSpec>>(table: T): T => table;
