// The outbox as the console ships it, for the benchmarks and the outbox reliability rows: the same
// factory startCore calls (createErpOutbox), from the demo plant's `erp` section pointed at a sandbox.
// A row may change the configuration's timing (a shorter timeout, no settle) as a plant file could;
// the wiring (engine, ERP adapter, requests in flight, holds' kinds on the ERP target) stays the shipped one.
import fs from 'node:fs';
import { createErpOutbox, type ErpOutboxDeps } from '../../../electron/core/features/outbox/index.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import type { WritableDb } from '../../../electron/core/platform/storage/db.ts';
import { type ErpTarget, PlantConfig } from '../../../shared/domain/plantConfig.ts';
import { okResult } from '../../../shared/result.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

const demoPlant = () => JSON.parse(fs.readFileSync(new URL('../../../resources/demo-plant.json', import.meta.url), 'utf8')) as { erp: Record<string, unknown> };

/** The demo plant's `erp` section (resources/demo-plant.json, as the console validates it) pointed at `url`. */
export function demoErpConfig(url: string, overrides: Partial<ErpTarget> = {}): ErpTarget {
  const raw = demoPlant();
  const parsed = PlantConfig.parse({ ...raw, erp: { ...raw.erp, baseUrl: url } }).erp!;
  return { ...parsed, ...overrides };
}

/** The demo plant's time zone (SAP dates are plant-local), as startCore passes it. */
export const demoZone = (): string => PlantConfig.parse(demoPlant()).plant.timeZone;

/** createErpOutbox on the real clock, always online, the demo's SAP user, a quiet logger. */
export function shippedOutbox(db: WritableDb, erp: ErpTarget, extra: Partial<ErpOutboxDeps> = {}): ReturnType<typeof createErpOutbox> {
  return createErpOutbox({
    db,
    clock: systemClock,
    online: { isOnline: () => true, onDidChange: () => ({ dispose() {} }) },
    logger: quiet,
    secrets: { read: async () => okResult(erp.kind === 'sap-odata' ? 'CONSOLE:demo' : 'demo-key'), write: async () => okResult(undefined), describe: () => 'test' },
    erp,
    timeZone: demoZone(),
    ...extra,
  });
}
