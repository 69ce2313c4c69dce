import type { Result } from '../../../../shared/result.ts';
import type { OutboxAdapter, OutboxError, RemoteKeys } from '../outbox/outboxTypes.ts';
import type { SecretStore } from '../ports/ports.ts';

export interface Operation {
  operationId: string;
  sequence: string;
  text: string;
  workCenterId: string;
  uom: string;
  plannedQty: string;
  confirmedYield: string;
  confirmedScrap: string;
  released: boolean;
  confirmed: boolean;
}

export interface WorkOrder {
  erpOrderId: string;
  type: string;
  material: string;
  plantId: string;
  plannedQty: string;
  confirmedYield: string;
  uom: string;
  status: Record<'released' | 'partiallyConfirmed' | 'confirmed' | 'technicallyCompleted' | 'closed' | 'locked', boolean>;
  operations: Operation[];
  lastChange: string | null;
}

export interface WorkOrderQuery {
  plant: string;
  workCenters: readonly string[];
  /** Delta: only orders changed after this ERP change stamp. */
  changedSince?: string | null;
}

export interface WorkOrderPage {
  orders: WorkOrder[];
  /** Highest change stamp seen, for the next delta. */
  maxChange: string | null;
  requests: number;
}

/** One ERP: its outbox adapter plus the order reading the shift close needs. */
export interface ErpConnector {
  readonly adapter: OutboxAdapter;
  fetchWorkOrders(q: WorkOrderQuery): Promise<Result<WorkOrderPage, OutboxError>>;
}

export interface ErpConnectorOptions {
  baseUrl: string;
  plant: string;
  credentialsSecret: string;
  secrets: SecretStore;
  batchSize: number;
  /** Per request; a request running longer has an unknown outcome. */
  timeoutMs?: number;
  settleMs?: number;
  /** How long the ERP may still apply a request after it left (see OutboxAdapter.processingLimitMs). */
  processingLimitMs?: number;
  minKeyGapMs?: number;
  /** Rounds in a row of a CSRF token refused right after a fresh one was fetched, before items are parked (default 5). */
  csrfRoundsBeforePark?: number;
  /** $batch requests in flight at once, on distinct orders (default 4). */
  parallelRequests?: number;
  /** Shown as EnteredByExternalUser / capturedBy. */
  workstation?: string;
  /** Remote keys of an earlier item by its reference (a cancel needs the original's keys). */
  remoteKeysOf?: (reference: string) => RemoteKeys | null;
  /** SAP only: the `sap-client` sent on every URL. */
  sapClient?: string;
}
