import type { z } from 'zod';
import type { CommandKey, commands, Res } from '../../../../shared/contract/commands.ts';
import type { Envelope } from '../../../../shared/contract/envelope.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';

export interface CommandContext {
  actor: Actor;
  sessionId: string;
  now: number;
}

export type ParsedReq<K extends CommandKey> = z.output<(typeof commands)[K]['req']>;

export type Handler<K extends CommandKey> = (req: ParsedReq<K>, ctx: CommandContext) => Envelope<Res<K>> | Promise<Envelope<Res<K>>>;

/** One handler per contract key; the compiler reports a command without a handler. */
export type Handlers = { [K in CommandKey]: Handler<K> };

export type HandlerGroup<K extends CommandKey> = { [P in K]: Handler<P> };
