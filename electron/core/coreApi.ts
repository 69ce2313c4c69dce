import type { Envelope } from '../../shared/contract/envelope.ts';
import type { Lang } from '../../shared/i18n/index.ts';
import type { Disposable, Ports } from './platform/ports/ports.ts';

/** Which process hosts the core; shown in system.info and used for the secret-store warning. */
export type CoreHostKind = 'serve' | 'desktop' | 'test';

export interface CoreOptions {
  /** The plant configuration file (JSON). */
  configPath: string;
  /** Folder for the database, PKI and logs. Created if missing. */
  dataDir: string;
  host: CoreHostKind;
  version: string;
  /** Controller id → endpoint URL, used when the demo plant listens on a port chosen at run time. */
  endpointOverrides?: Readonly<Record<string, string>>;
  /** Desktop: the operating system's proxy per ERP/CMMS origin (URL, or null for DIRECT); see platform/net/netAgents.ts. */
  systemProxies?: Readonly<Record<string, string | null>>;
  /**
   * Serve's demo: the controllers are first contacted once this settles (the demo plant reported that it
   * listens), not at the end of the start, where a plant still starting refused the first try and the next
   * waited for the retry backoff (1 s, then 5, 10 s: on the way to the first value). Settled either way.
   */
  connectControllersAfter?: Promise<unknown>;
  /** The ERP's base URL, used when the demo ERP sandbox listens on a port chosen at run time. */
  erpBaseUrl?: string;
  /** The CMMS's base URL, used when the demo CMMS sandbox listens on a port chosen at run time. */
  cmmsBaseUrl?: string;
  /** Overrides plant.language for this process (serve: `--language de|en`). */
  language?: Lang;
  /**
   * An administrator's decision about the database (serve: `--accept-new-database`,
   * `--accept-database-change`): start although the database is gone or empty, or although it is
   * another console's or older than the one last used. Without it such a start is refused.
   */
  acceptNewDatabase?: boolean;
  acceptDatabaseChange?: boolean;
  /** This console's name in what it sends to the ERP (who confirmed from where); default the host name. */
  consoleName?: string;
  /** Period of the coalesced live stream; 250 ms unless a test needs otherwise. */
  liveTickMs?: number;
  /**
   * Run as the plant hub (docs/hub.md): consoles and wall boards pair with it and attach over TLS. The
   * fingerprint is the SHA-256 of the hub's TLS certificate, shown to administrators when they pair.
   */
  hub?: { fingerprint: string };
}

/** A device the hub knows: what its credential proved. */
export interface PairedDevice {
  id: string;
  name: string;
  kind: 'console' | 'wallboard';
}

/**
 * The hub's door for its host (serve mode with --hub): who a connecting device is, pairing, and how many
 * screens each device has open. Present on the Core only when it runs as a hub.
 */
export interface DeviceGate {
  /** The paired, unrevoked device a credential (`<id>.<secret>`) proves; null for anything else. */
  verify(credential: string): PairedDevice | null;
  /** A device presents its one-time code: its credential (once), or a refusal in words. */
  redeem(code: string): { ok: true; device: PairedDevice; credential: string } | { ok: false; reason: string };
  /** Still paired and not revoked (checked again for connected devices whenever `hub.devices` is published). */
  isActive(deviceId: string): boolean;
  /** The host's count of open screens per device id; published to administrators as `hub.devices`. */
  setConnected(counts: ReadonlyMap<string, number>): void;
}

export type StreamListener = (stream: string, payload: unknown) => void;

export interface CoreEvents {
  /**
   * Every stream message, in order. Bridges forward them; they never filter by tag. A listener that throws
   * is logged and shown as `owner` degraded (system.health); the others still get the message.
   */
  subscribe(listener: StreamListener, owner?: string): Disposable;
}

export interface Core {
  /**
   * Runs one command for one screen session. The core validates `payload` against the contract and checks
   * the session's actor before running anything; the caller never says who the actor is.
   */
  dispatch(key: string, payload: unknown, sessionId: string): Promise<Envelope<unknown>>;
  /**
   * A new screen (a browser tab, the desktop window) starts as a signed-out viewer. `viewerOnly`: a
   * screen reached over the network (wall board) that may never sign in.
   */
  openSession(options?: { viewerOnly?: boolean }): string;
  closeSession(sessionId: string): void;
  readonly events: CoreEvents;
  /** Set when the core runs as the plant hub (CoreOptions.hub). */
  readonly devices?: DeviceGate;
  /**
   * A failure the host caught outside the core's own guards (an unhandled rejection, an uncaught
   * exception): logged and shown as degraded instead of ending the process.
   */
  reportFailure?(what: string, error: unknown): void;
  /**
   * Stops timers, cancels work in flight, waits for it, then closes the database. Resolves when nothing
   * the core started is left running.
   */
  dispose(): Promise<void>;
}

export type StartCore = (options: CoreOptions, ports: Ports) => Promise<Core>;
