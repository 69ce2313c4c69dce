import type { Quality } from '../../../../shared/domain/line.ts';
import type { Result } from '../../../../shared/result.ts';
import type { Disposable } from '../ports/ports.ts';

/**
 * All the rest of the core sees of OPC UA. node-opcua is imported only inside this folder
 * (the arch test enforces it); its types never leak out.
 */

export interface LiveValue {
  /** The configured node reference (`nsu=…;s=…`), which is also our tag id. */
  tagId: string;
  value: number | boolean | string | null;
  quality: Quality;
  /** ms, stamped by the controller. */
  sourceTs: number | null;
  /** ms, stamped by the OPC UA server. */
  serverTs: number | null;
  /** What the gateway had to correct in the controller's data (absent when nothing). */
  flags?: readonly LiveValueFlag[];
  /**
   * Why the value is not Good, in plain words, where the gateway knows (a node the controller does not have, a
   * namespace it lacks, the status the controller sent). Absent for Good values.
   */
  reason?: string;
}

/**
 * `nonfinite` NaN/±Infinity (value dropped) · `unsupported-type` arrays, structures, byte strings (value dropped)
 * · `truncated` a string cut to 4,096 characters · `timestamp-skew` source timestamp more than a day from the
 * server's (dropped: use serverTs) · `overflow` the server's queue dropped values before this one · `late` older
 * than a value already delivered for the tag (a republished notification after the gap re-read): history, not
 * the current value; counters must not treat it as a decrease.
 */
export type LiveValueFlag = 'nonfinite' | 'unsupported-type' | 'truncated' | 'timestamp-skew' | 'overflow' | 'late';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'misconfigured';

export interface ConnectionState {
  phase: ConnectionPhase;
  since: number;
  /** Revised publishing keep-alive period in ms: silence longer than 1.5× this means stale. */
  keepAlivePeriodMs: number | null;
  /** Last time anything (data or keep-alive) arrived from the subscription. */
  lastHeardAt: number | null;
  error: OpcuaError | null;
  /**
   * Set by the gateway's freshness watchdog when nothing (no value, no keep-alive) arrived within 1.5× the
   * keep-alive period while the link looks connected: since when values are not live. Null when fresh.
   */
  staleSince?: number | null;
  /** ServerStatus.StartTime (ms) of the controller's OPC UA server as last read; a change means it restarted. */
  serverStartTime?: number | null;
  /** The last link gap that ended (kept until the next one ends). Production attributes counter deltas to it. */
  lastGap?: LinkGap | null;
  /** Sessions and limits read from the server at connect (ServerDiagnostics / ServerCapabilities). */
  server?: ServerFacts | null;
}

/**
 * An interval in which the console had no live data from a controller: from the moment the link was lost
 * (`lostAt`) to the moment live data was restored and every subscribed tag re-read (`restoredAt`).
 * The first Good counter values after `restoredAt` minus the last Good values before `lostAt` belong to
 * this interval, never to the reconnect instant.
 */
export interface LinkGap {
  controllerId: string;
  /** Ordinal per gateway, from 1. */
  seq: number;
  lostAt: number;
  restoredAt: number;
  /** The controller's StartTime changed: its counters may have restarted from 0 (treat a decrease as a reset). */
  serverRestarted: boolean;
  /** How the link came back: same session reactivated, or a new session with subscriptions recreated. */
  recovery: 'session-restored' | 'subscription-recreated' | 'reconnected';
  /** Why it was lost, in plain words. */
  reason: string;
}

export interface ServerFacts {
  /** Sessions open on the server now (ServerDiagnosticsSummary.CurrentSessionCount); null if not readable. */
  currentSessionCount: number | null;
  /** ServerCapabilities.MaxSessions (OPC UA 1.05); null when the server does not say. */
  maxSessions: number | null;
  /** OperationLimits the gateway chunks to; 0 = server states no limit. */
  maxMonitoredItemsPerCall: number;
  maxNodesPerRead: number;
  maxNodesPerBrowse: number;
  /** Sessions this console holds on the controller: always 1 (one session per controller per console). */
  sessionsUsedByConsole: number;
}

/** An X.509 certificate as an administrator needs to judge it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** CN of the subject. */
  commonName: string;
  /** The OPC UA application URI from subjectAltName, where present. */
  applicationUri: string | null;
  validFrom: number;
  validTo: number;
  /** Upper-case hex, no separators (as OPC UA tools show it). */
  sha1: string;
  sha256: string;
  selfSigned: boolean;
}

export type OpcuaErrorCode =
  | 'UNREACHABLE'
  | 'CERTIFICATE_UNTRUSTED'
  /** The controller refuses (or, after a bare close, probably refuses) the console's own certificate. */
  | 'CLIENT_CERTIFICATE_REFUSED'
  | 'SECURITY_POLICY_REJECTED'
  | 'ACCESS_DENIED'
  | 'TOO_MANY_SESSIONS'
  | 'CERTIFICATE_USE_NOT_ALLOWED'
  | 'NAMESPACE_UNKNOWN'
  | 'NODE_UNKNOWN'
  | 'WRITE_FAILED'
  | 'NOT_CONNECTED'
  | 'CONFIG'
  | 'INTERNAL';

export interface OpcuaError {
  code: OpcuaErrorCode;
  /** Plain words for a supervisor, not a status code dump. */
  message: string;
  /** The OPC UA status name where there is one, e.g. BadCertificateUntrusted. */
  status?: string;
  /** CERTIFICATE_UNTRUSTED: the certificate the controller presented, for the administrator's trust screen. */
  certificate?: CertificateInfo;
  /** SECURITY_POLICY_REJECTED: what the controller offers, e.g. ["None/None", "SignAndEncrypt/Basic128Rsa15"]. */
  offered?: string[];
  /** CLIENT_CERTIFICATE_REFUSED: the console's own certificate, to install on the controller. */
  ownCertificate?: { subject: string; commonName: string; sha1: string; sha256: string };
}

export interface OpcuaPort extends Disposable {
  readonly controllerId: string;
  state(): ConnectionState;
  onDidChangeState(listener: (s: ConnectionState) => void): Disposable;
  /** Starts connecting; resolves once the first attempt has finished (connected or not). Keeps retrying. */
  connect(): Promise<void>;
  read(tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>>;
  /**
   * Monitored items survive reconnects: the gateway restores them; `onBatch` keeps being called. Each call is
   * one entry of monitored items of its own: a node in two calls is two items on the controller (the line feed,
   * platform/linefeed, is the one caller and asks once per node).
   */
  subscribe(tagIds: readonly string[], onBatch: (values: LiveValue[]) => void, options?: SubscribeOptions): Disposable;
  /** Never queued: it happens now or fails with a reason. */
  write(tagId: string, value: boolean | number): Promise<Result<void, OpcuaError>>;
  /**
   * Called once per ended link gap, after every subscribed tag was re-read (those values were delivered to
   * `onBatch` before this fires). Optional so fakes need not implement it; the real gateway always does.
   */
  onDidCloseGap?(listener: (gap: LinkGap) => void): Disposable;
  /**
   * Credentials or trust changed (a password stored, a certificate installed): a link that is not connected tries
   * again now, re-reading its secrets, without a restart of the core. A connected link is left alone (the new
   * credentials are used at its next session). Optional so fakes need not implement it.
   */
  retryNow?(): Promise<void>;
}

export interface SubscribeOptions {
  /** Requested sampling interval of the items in ms. Default 0: as fast as the server can (every change it sees). */
  samplingIntervalMs?: number;
}

/** One node of a controller's address space, as the browse-and-map screen shows it. */
export interface BrowsedNode {
  /** `nsu=<uri>;<id>`: what a mapping stores. */
  nodeRef: string;
  browseName: string;
  displayName: string;
  nodeClass: 'Object' | 'Variable' | 'Method' | 'ObjectType' | 'VariableType' | 'ReferenceType' | 'DataType' | 'View' | 'Unspecified';
  /** Variables: built-in type name (UInt32, Double, String, …); else null. */
  dataType: string | null;
  /** Variables: 'read', 'write', 'readwrite'; else null. */
  access: 'read' | 'write' | 'readwrite' | 'none' | null;
  hasChildren: boolean;
}

/** Browse and metadata access for commissioning screens. Implemented by the real gateway. */
export interface OpcuaBrowser {
  /** Children of `nodeRef` (Objects folder when null), hierarchical references forward. */
  browse(nodeRef: string | null): Promise<Result<BrowsedNode[], OpcuaError>>;
  /** Depth-first search below `nodeRef` (Objects when null) for browse names containing `text`, case-insensitive. */
  search(text: string, options?: { from?: string | null; maxDepth?: number; maxResults?: number }): Promise<Result<(BrowsedNode & { path: string[] })[], OpcuaError>>;
}

export const isOpcuaBrowser = (p: unknown): p is OpcuaBrowser =>
  typeof p === 'object' && p !== null && typeof (p as OpcuaBrowser).browse === 'function' && typeof (p as OpcuaBrowser).search === 'function';
