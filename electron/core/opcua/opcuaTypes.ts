import type { Quality } from '../../../shared/domain/line.ts';
import type { Result } from '../../../shared/result.ts';
import type { Disposable } from '../ports.ts';

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
}

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'misconfigured';

export interface ConnectionState {
  phase: ConnectionPhase;
  since: number;
  /** Revised publishing keep-alive period in ms: silence longer than 1.5× this means stale. */
  keepAlivePeriodMs: number | null;
  /** Last time anything (data or keep-alive) arrived from the subscription. */
  lastHeardAt: number | null;
  error: OpcuaError | null;
}

export type OpcuaErrorCode =
  | 'UNREACHABLE'
  | 'CERTIFICATE_UNTRUSTED'
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
}

export interface OpcuaPort extends Disposable {
  readonly controllerId: string;
  state(): ConnectionState;
  onDidChangeState(listener: (s: ConnectionState) => void): Disposable;
  /** Starts connecting; resolves once the first attempt has finished (connected or not). Keeps retrying. */
  connect(): Promise<void>;
  read(tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>>;
  /** Monitored items survive reconnects: the gateway restores them; `onBatch` keeps being called. */
  subscribe(tagIds: readonly string[], onBatch: (values: LiveValue[]) => void): Disposable;
  /** Never queued: it happens now or fails with a reason. */
  write(tagId: string, value: boolean | number): Promise<Result<void, OpcuaError>>;
}
