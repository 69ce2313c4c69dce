/** Timings and subscription parameters of the OPC UA gateway (see opcua-notes.md §1, §4 for the values). */

export interface OpcuaGatewayTiming {
  /**
   * Retries node-opcua makes inside one first-connect call before we report "unreachable" (at least 1:
   * node-opcua treats 0 as "never reconnect", even after a connection was established).
   */
  firstConnectMaxRetry: number;
  /** node-opcua's reconnection backoff (once connected it retries forever). */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Our own retry loop while the first connection has not succeeded: first delay, doubled up to `maxDelayMs`. */
  retryDelayMs: number;
  requestedSessionTimeoutMs: number;
  transportTimeoutMs: number;
  defaultTransactionTimeoutMs: number;
  /** Session keep-alive read (second liveness signal). */
  keepAliveIntervalMs: number;
  /** Monitored items per CreateMonitoredItems call when the server states no lower limit. */
  monitorChunkSize: number;
  /** Nodes per Read call when the server states no lower limit. */
  readChunkSize: number;
  /**
   * How long the server keeps our subscription (lifetimeCount × publishing interval) without publish requests.
   * It also bounds the break the server's queues bridge. Tests shorten it to force a recreate (T14).
   */
  subscriptionLifetimeMs: number;
  /** Quiet this many keep-alive periods while the session still answers: the subscription is recreated. */
  recreateQuietSubscriptionAfterKeepAlives: number;
}

export const DEFAULT_OPCUA_TIMING: Readonly<OpcuaGatewayTiming> = {
  firstConnectMaxRetry: 2,
  initialDelayMs: 1000,
  maxDelayMs: 10_000,
  retryDelayMs: 5000,
  requestedSessionTimeoutMs: 600_000,
  transportTimeoutMs: 30_000,
  defaultTransactionTimeoutMs: 10_000,
  keepAliveIntervalMs: 5000,
  monitorChunkSize: 1000,
  readChunkSize: 1000,
  subscriptionLifetimeMs: 600_000,
  recreateQuietSubscriptionAfterKeepAlives: 3,
};

/** Subscription parameters (opcua-notes §1). */
export const KEEP_ALIVE_COUNT = 10;
export const QUEUE_SIZE = 10;
/** Silence longer than this many keep-alive periods makes every tag of the subscription stale (opcua-notes §4). */
export const STALE_AFTER_KEEPALIVES = 1.5;
/** A watchdog run later than this (and than two keep-alive periods) means the process was suspended (sleep). */
export const MIN_SLEEP_MS = 2000;
