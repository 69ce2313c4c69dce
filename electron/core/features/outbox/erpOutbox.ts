import os from 'node:os';
import type { OutboxStats } from '../../../../shared/contract/domains/outbox.ts';
import type { ErpTarget } from '../../../../shared/domain/plantConfig.ts';
import type { ErpConnector, ErpConnectorOptions } from '../../platform/erp/erpTypes.ts';
import { createRestErp } from '../../platform/erp/RestErp.ts';
import { createSapOdataErp } from '../../platform/erp/SapOdataErp.ts';
import { erpTokenSource } from '../../platform/erp/sapAuth.ts';
import { OutboxHub, type OutboxHubDeps } from '../../platform/outbox/OutboxHub.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import type { Clock, Logger, Notifier, OnlineMonitor, SecretStore } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { holdSender } from '../holds/index.ts';
import { languageOfAuthor } from '../people/index.ts';

/** Items still queued after two weeks are parked with a reason (the ERP's posting period is long closed). */
export const GIVE_UP_AFTER_MS = 14 * 86_400_000;

export interface ErpOutboxDeps {
  db: WritableDb;
  clock: Clock;
  online: OnlineMonitor;
  logger: Logger;
  notifier?: Notifier;
  secrets: SecretStore;
  /** The plant configuration's `erp` section; none: the engine runs with no ERP target (holds stay local). */
  erp: ErpTarget | undefined;
  /** The plant's IANA zone: SAP takes dates and times as plant-local wall-clock time. */
  timeZone?: string;
  /** The plant's language ('de', 'en'): the ERP's logon language for the console's own requests (erpLanguage.ts). */
  language?: string;
  erpBaseUrl?: string;
  publish?: (stats: OutboxStats) => void;
  /**
   * Retry pacing only (backoff, breaker, poll, jitter): fault tests shorten it to finish in seconds. The
   * console, the drain benchmark and the durability rows leave it out: they run the shipped pacing.
   */
  pacing?: Pick<OutboxHubDeps, 'backoff' | 'breaker' | 'pollMs' | 'random'>;
}

/** The ERP connector's options from the plant configuration; credentials come from the SecretStore only. */
export function erpConnectorOptions(erp: ErpTarget, d: { secrets: SecretStore; db: WritableDb | null; baseUrl?: string; timeZone?: string; language?: string }): ErpConnectorOptions {
  return {
    baseUrl: d.baseUrl ?? erp.baseUrl,
    plant: erp.plant,
    credentialsSecret: erp.credentialsSecret,
    secrets: d.secrets,
    // SAP BTP: OAuth 2.0 client credentials instead of Basic (one token source for confirmations and holds).
    ...(erp.oauth ? { token: erpTokenSource(erp.oauth, { secrets: d.secrets, timeoutMs: erp.timeoutSec * 1000 }) } : {}),
    batchSize: erp.batchSize,
    timeoutMs: erp.timeoutSec * 1000,
    settleMs: erp.settleSec * 1000,
    // Unstated, the ERP is taken to give up when the console does (timeoutSec); see docs/outbox.md.
    processingLimitMs: (erp.processingLimitSec ?? erp.timeoutSec) * 1000,
    minKeyGapMs: erp.minOrderGapSec * 1000,
    workstation: os.hostname().slice(0, 12),
    sapClient: erp.sapClient,
    timeZone: d.timeZone,
    storageLocations: erp.storageLocations,
    remoteKeysOf: (ref: string) => (d.db ? (getItem(d.db, ref)?.remoteKeys ?? null) : null),
    // The ERP answers in the language of the person who caused a request (sap-language / Accept-Language), the plant's for its own.
    ...(d.language ? { language: { plant: d.language, ofPerson: (by: string) => (d.db ? languageOfAuthor(d.db, by) : null) } } : {}),
  };
}

/** The ERP connector the plant configuration asks for: its adapter sends confirmations; it also reads orders. */
export function createErpConnector(erp: ErpTarget, o: ErpConnectorOptions): ErpConnector {
  return erp.kind === 'sap-odata' ? createSapOdataErp(o) : createRestErp(o);
}

/**
 * The outbox exactly as the console ships it (startCore calls this; so do the drain benchmark and the
 * outbox reliability rows): one engine; the ERP target with the ERP adapter's policy (requests in flight,
 * key gap, settle, processing limit) and its confirmation kinds; the holds feature's kinds on the same
 * target. Other targets (the CMMS) are registered by their features on the engine it returns.
 */
export function createErpOutbox(d: ErpOutboxDeps): { hub: OutboxHub; erp: ErpConnector | null } {
  const hub = new OutboxHub({ db: d.db, clock: d.clock, online: d.online, logger: d.logger, notifier: d.notifier, publish: d.publish, giveUpAfterMs: GIVE_UP_AFTER_MS, ...d.pacing });
  if (!d.erp) return { hub, erp: null };
  const opts = erpConnectorOptions(d.erp, { secrets: d.secrets, db: d.db, baseUrl: d.erpBaseUrl, timeZone: d.timeZone, language: d.language });
  const erp = createErpConnector(d.erp, opts);
  hub.register(erp.adapter);
  hub.registerKinds(erp.adapter.target, holdSender(d.erp.kind, opts));
  return { hub, erp };
}
