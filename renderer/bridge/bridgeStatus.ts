import type { Transport } from '../../shared/contract/client.ts';

/**
 * The link between this page and the console core, apart from any controller link:
 * `connecting` before the first open, `open`, `reconnecting` after a drop (waiting or retrying),
 * `closed` when the bridge was shut down or cannot run at all (no access token).
 */
export type BridgeLink = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface BridgeStatus {
  readonly link: BridgeLink;
  /** When `link` last changed (ms since epoch). */
  readonly since: number;
  /** Failed attempts since the link was last open. */
  readonly attempt: number;
  readonly lastError: string | null;
}

/** A transport that can say how its own link is doing. */
export interface BridgeTransport extends Transport {
  status(): BridgeStatus;
  /** Called on every change; not called with the current value. */
  onStatus(cb: (status: BridgeStatus) => void): () => void;
  close(): void;
}
