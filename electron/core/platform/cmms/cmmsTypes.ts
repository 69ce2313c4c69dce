import { z } from 'zod';
import { AlertPriority } from '../../../../shared/domain/alert.ts';
import type { CaseStatus } from '../../../../shared/domain/maintenanceCase.ts';
import type { Result } from '../../../../shared/result.ts';
import type { OutboxAdapter, OutboxError, RemoteKeys } from '../outbox/outboxTypes.ts';
import { declareOutboxKind } from '../outbox/outboxKinds.ts';
import type { TokenSource } from '../net/oauthClientCredentials.ts';
import type { CheckLine } from '../net/connectionCheck.ts';

/** The frozen body of a `case.create` outbox item: the canonical MaintenanceCase (contracts §5). */
export const CaseCreatePayload = z.object({
  caseId: z.string().uuid(),
  plantId: z.string(),
  lineId: z.string(),
  lineName: z.string(),
  assetId: z.string().nullable(),
  locationId: z.string().nullable(),
  title: z.string().min(1).max(160),
  description: z.string().max(30_000),
  priority: AlertPriority,
  machineDown: z.boolean(),
  malfunctionStart: z.string().nullable(),
  reportedBy: z.string(),
  createdAt: z.string(),
});
export type CaseCreatePayload = z.infer<typeof CaseCreatePayload>;

/** A note added to an existing case. `updateId` (= the outbox id) is embedded in the remote note so it can be read back. */
export const CaseUpdatePayload = z.object({
  caseId: z.string().uuid(),
  updateId: z.string().uuid(),
  text: z.string().min(1).max(30_000),
  /** The case's asset key (line/asset): its ordering key. Not sent to the CMMS. */
  assetKey: z.string().optional(),
});
export type CaseUpdatePayload = z.infer<typeof CaseUpdatePayload>;

/** A line's asset as cases are keyed locally: the CMMS asset, or the line itself when it has none. */
export const assetKeyOf = (lineId: string, assetId: string | null): string => `${lineId}/${assetId ?? lineId}`;

/**
 * The case kinds on the CMMS target: one in flight per asset, so a note never reaches the CMMS before the
 * case it belongs to (one open case per asset).
 */
export const CASE_CREATE = declareOutboxKind<Pick<CaseCreatePayload, 'lineId' | 'assetId'>>({ target: 'cmms', kind: 'case.create', orderingKey: (p) => `asset:${assetKeyOf(p.lineId, p.assetId)}` });
export const CASE_UPDATE = declareOutboxKind<Pick<CaseUpdatePayload, 'caseId' | 'assetKey'>>({ target: 'cmms', kind: 'case.update', orderingKey: (p) => `asset:${p.assetKey ?? p.caseId}` });

/** The marker put in front of a remote note: finding it proves the note arrived. */
export const noteMarker = (updateId: string): string => `[PX:${updateId}]`;

export interface RemoteCaseStatus {
  status: CaseStatus;
  /** The CMMS's own word, for the screen ("2 In Progress", "ON_HOLD"). */
  remote: string;
  /**
   * Who the CMMS has the work with, by name (ServiceNow: assigned_to's display value; MaintainX: the assignees'
   * names, users and teams); null when nobody is assigned; absent when the CMMS did not say.
   */
  technician?: string | null;
}

export interface CaseRef {
  caseId: string;
  remoteKeys: RemoteKeys;
}

/** One CMMS: its outbox adapter (target "cmms") and status polling of open cases. */
export interface CmmsConnector {
  readonly system: 'servicenow' | 'maintainx';
  readonly adapter: OutboxAdapter;
  readStatus(refs: readonly CaseRef[]): Promise<Result<ReadonlyMap<string, RemoteCaseStatus>, OutboxError>>;
  /** Connection check: sign-in, the API has what we use, the read-back works (net/connectionCheck.ts). */
  check(): Promise<CheckLine[]>;
}

export interface CmmsConnectorOptions {
  baseUrl: string;
  credentialsSecret: string;
  secrets: { read(name: string): Promise<Result<string, 'NOT_FOUND' | 'UNAVAILABLE'>> };
  timeoutMs?: number;
  settleMs?: number;
  /** ServiceNow table. */
  table?: string;
  organizationId?: string;
  /** ServiceNow with OAuth 2.0 client credentials: the bearer token instead of the credentials secret. */
  token?: TokenSource;
  /** The remote keys of a case already created (from its create item in the outbox). */
  remoteKeysOf(caseId: string): RemoteKeys | null;
  now?: () => number;
}
