import type { Result } from '../../../../shared/result.ts';
import type { OutboxAdapter, OutboxError, RemoteKeys } from '../outbox/outboxTypes.ts';
import type { SecretStore } from '../ports/ports.ts';
import type { TokenSource } from '../net/oauthClientCredentials.ts';
import type { ErpLanguage } from './erpLanguage.ts';

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
  /** Cancels the read (the console is stopping): requests in flight are closed, none is started after. */
  signal?: AbortSignal;
}

export interface WorkOrderPage {
  orders: WorkOrder[];
  /** Highest change stamp seen, for the next delta. */
  maxChange: string | null;
  requests: number;
  /** Fields the ERP's service lacks and what that costs, in words (SAP: from its `$metadata`). */
  missing?: string[];
}

/** What an ERP's services offer this console, found when it connects. */
export interface ErpServiceCheck {
  checkedAt: number;
  /** Optional fields the ERP's service lacks. */
  missingOptional: string[];
  /** Whether posted records can be found by our reference (the read-back that makes posting effectively once). */
  readBackByReference: 'works' | 'refused' | 'unknown';
  /** One line each, for the ERP status, in words a plant administrator understands. */
  lines: string[];
  /** The same findings as connection-check lines (sign-in, definition, read-back). */
  checks: { step: 'network' | 'signIn' | 'definition' | 'readBack'; ok: boolean | null; text: string }[];
}

/** One ERP: its outbox adapter plus the order reading the shift close needs. */
export interface ErpConnector {
  readonly adapter: OutboxAdapter;
  fetchWorkOrders(q: WorkOrderQuery): Promise<Result<WorkOrderPage, OutboxError>>;
  /** Connects afresh: reads the service definitions and probes the read-back (SAP). */
  checkService?(): Promise<ErpServiceCheck>;
  /** The connection check's lines for this ERP (platform/net/connectionCheck.ts `checkOf`). */
  check?(): Promise<ErpServiceCheck['checks']>;
  /** The last connection's findings, null before the first. */
  serviceStatus?(): ErpServiceCheck | null;
}

export interface ErpConnectorOptions {
  baseUrl: string;
  plant: string;
  credentialsSecret: string;
  secrets: SecretStore;
  /**
   * SAP BTP: OAuth 2.0 client credentials instead of Basic with credentialsSecret (the plant configuration's
   * `erp.oauth`, made by erpTokenSource). One token source for the confirmations and the holds.
   */
  token?: TokenSource;
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
  /** The logon language of each request (SAP `sap-language`, REST `Accept-Language`): see erpLanguage.ts. */
  language?: ErpLanguage;
  /** SAP only: the `sap-client` sent on every URL. */
  sapClient?: string;
  /** The plant's IANA zone: SAP keeps dates and times as plant-local wall-clock time (default UTC). */
  timeZone?: string;
  /** SAP holds (344/343 post per storage location): by line id, and optionally by material (which wins). */
  storageLocations?: { lines: Readonly<Record<string, string>>; materials: Readonly<Record<string, string>> };
}
