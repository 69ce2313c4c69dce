import type { StreamKey, StreamPayload } from '../../../shared/contract/streams.ts';
import type { PlantConfig } from '../../../shared/domain/plantConfig.ts';
import type { CoreOptions } from '../coreApi.ts';
import type { HandlerGroup } from './dispatch/handlers.ts';
import type { SessionTable } from './dispatch/sessions.ts';
import type { CommandKey } from '../../../shared/contract/commands.ts';
import type { LineFeed } from './linefeed/lineFeed.ts';
import type { LiveLinesView } from './linefeed/liveLines.ts';
import type { OpcuaPort } from './opcua/opcuaTypes.ts';
import type { Disposable, Logger, Ports } from './ports/ports.ts';
import type { WritableDb } from './storage/db.ts';

/**
 * What every feature module of the core is built from. startCore makes one and hands it to each
 * module factory; modules never reach for globals.
 */
export interface CoreContext {
  options: CoreOptions;
  config: PlantConfig;
  db: WritableDb;
  ports: Ports;
  log: Logger;
  sessions: SessionTable;
  /** For reads, writes and link state; live values come from `feed` (nothing else subscribes). */
  gateways: ReadonlyMap<string, OpcuaPort>;
  /** The line feed: the one subscriber to the gateways; features listen to it. */
  feed: LineFeed;
  pump: LiveLinesView;
  publish<S extends StreamKey>(stream: S, payload: StreamPayload<S>): void;
  /**
   * Wraps a listener this module hands to something else (an event, a callback): a throw is logged and
   * shows the module degraded (system.health) instead of reaching the caller. Timers of `ports.clock`
   * and `ports.online` listeners are already wrapped. Absent outside startCore (unit tests).
   */
  guard?<A extends unknown[]>(what: string, fn: (...args: A) => unknown): (...args: A) => void;
}

/** A feature of the core: its command handlers, plus whatever it must start and stop. */
export interface CoreModule<K extends CommandKey> {
  handlers: HandlerGroup<K>;
  start?(): void;
  dispose?(): void | Promise<void>;
}

export type { Disposable };
