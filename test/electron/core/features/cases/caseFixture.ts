import { AlertService } from '../../../../../electron/core/features/alerts/AlertService.ts';
import { CaseService } from '../../../../../electron/core/features/cases/CaseService.ts';
import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import type { Clock } from '../../../../../electron/core/platform/ports/ports.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

export interface CaseRig {
  db: WritableDb;
  alerts: AlertService;
  cases: CaseService;
  hub: OutboxHub;
  plant: PlantConfig;
  dispose(): void;
}

/** Alerts, cases and the outbox on a real SQLite file, sending to a real CMMS sandbox on 127.0.0.1. */
export function caseRig(dir: string, o: { kind: 'servicenow' | 'maintainx'; baseUrl: string; credential: string; clock?: Clock; settleMs?: number; monotonic?: () => number }): CaseRig {
  const db = openTestDb(dir, `${o.kind}-${Math.random().toString(36).slice(2)}.db`);
  const m = migrate(db);
  if (!m.ok) throw new Error(m.error.message);
  const raw = readDemoPlantConfig();
  const plant = PlantConfig.parse({ ...raw, cmms: { ...(raw.cmms as object), kind: o.kind, baseUrl: o.baseUrl, assets: o.kind === 'maintainx' ? { L1: { assetId: '8901', locationId: '2345' }, L2: { assetId: '8902' }, L3: { assetId: '8903' } } : (raw.cmms as { assets: unknown }).assets, settleSec: 0 } });
  const clock = o.clock ?? systemClock;
  const logger = memoryLogger();
  const hub = new OutboxHub({ db, clock, online: switchableOnline(), logger, backoff: { baseMs: 20, capMs: 200 }, breaker: { failureThreshold: 1000, openMs: 10 }, pollMs: 200, random: () => 0.5 });
  const cmms = createCmmsConnector(plant.cmms!, { secrets: memorySecrets({ 'cmms-demo': o.credential }), remoteKeysOf: (id) => getItem(db, id)?.remoteKeys ?? null, settleMs: o.settleMs ?? 20, timeoutMs: 5_000 });
  hub.register(cmms.adapter);
  let cases: CaseService | null = null;
  const alerts = new AlertService({ db, clock, monotonic: o.monotonic ?? (() => performance.now()), logger, onRaised: (a) => cases?.onAlertRaised(a) });
  cases = new CaseService({ db, plant, clock, logger, alerts, cmms, kick: () => hub.kick('cmms') });
  hub.start();
  return {
    db,
    alerts,
    cases,
    hub,
    plant,
    dispose() {
      hub.dispose();
      alerts.dispose();
      cases?.dispose();
      db.close();
    },
  };
}
