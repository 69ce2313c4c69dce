import { randomUUID } from 'node:crypto';
import type { ErpConnector } from '../../../../../electron/core/platform/erp/erpTypes.ts';
import { createErpOutbox } from '../../../../../electron/core/features/outbox/index.ts';
import { ErpTarget } from '../../../../../shared/domain/plantConfig.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import type { Clock, OnlineMonitor } from '../../../../../electron/core/platform/ports/ports.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

export type Sandbox = Awaited<ReturnType<typeof startSapSandbox>>;

export interface OutboxRig {
  db: WritableDb;
  sandbox: Sandbox;
  erp: ErpConnector;
  hub: OutboxHub;
  online: OnlineMonitor & { set(o: boolean): void };
  close(): Promise<void>;
}

/**
 * A real database file, a real sandbox on 127.0.0.1:0 and the outbox exactly as startCore builds it
 * (createErpOutbox: the engine, the ERP adapter with its shipped requests in flight, the holds' kinds on
 * the same target), from an `erp` configuration section; only clock/secrets/online are fakes, and the
 * retry pacing (backoff, breaker) is shortened so fault tests end in seconds.
 */
export async function outboxRig(o: { dir: string; name?: string; kind?: 'sap' | 'rest'; clock: Clock; settleMs?: number; timeoutMs?: number; batchSize?: number; minKeyGapMs?: number; breaker?: { failureThreshold: number; openMs: number }; backoff?: { baseMs: number; capMs: number }; sandbox?: Sandbox; db?: WritableDb; processingLimitMs?: number; random?: () => number }): Promise<OutboxRig> {
  const db = o.db ?? openTestDb(o.dir, o.name ?? `${randomUUID()}.db`);
  migrate(db);
  const kind = o.kind ?? 'sap';
  const sandbox = o.sandbox ?? (kind === 'sap' ? await startSapSandbox({ minOrderGapMs: 0 }) : await startRestErpSandbox());
  const online = switchableOnline(true);
  const { hub, erp } = createErpOutbox({
    db,
    clock: o.clock,
    online,
    logger: memoryLogger(),
    secrets: memorySecrets({ erp: kind === 'sap' ? 'CONSOLE:demo' : 'demo-key' }),
    erp: {
      // The schema's defaults for whatever the test does not set, then the test's timing (which may be
      // finer than whole seconds, and may have no processing window: 0).
      ...ErpTarget.parse({ kind: kind === 'sap' ? 'sap-odata' : 'rest', baseUrl: sandbox.url, plant: '1710', credentialsSecret: 'erp' }),
      batchSize: o.batchSize ?? 20,
      timeoutSec: (o.timeoutMs ?? 2_000) / 1000,
      settleSec: (o.settleMs ?? 0) / 1000,
      processingLimitSec: (o.processingLimitMs ?? 0) / 1000,
      minOrderGapSec: (o.minKeyGapMs ?? 0) / 1000,
    },
    pacing: { breaker: o.breaker ?? { failureThreshold: 1000, openMs: 1000 }, backoff: o.backoff ?? { baseMs: 10, capMs: 50 }, pollMs: 60_000, random: o.random ?? (() => 0.5) },
  });
  return {
    db,
    sandbox,
    erp: erp!,
    hub,
    online,
    async close() {
      hub.dispose();
      if (!o.sandbox) await sandbox.close();
      if (!o.db) db.close();
    },
  };
}

let orderCursor = 0;
/** Seeded demo orders (demoSeed): line 1's orders, in the order the plant runs them. */
export const demoOrderId = (k: number, line = 1): string => String(1_000_000 + line * 1_000 + ((k * 7 + 123) % 1_000));

export function confirmationPayload(id: string, orderId: string, yieldQty = 100, scrap = 2) {
  return {
    id,
    plantId: '1710',
    lineId: 'L1',
    workCenterId: 'LINE01',
    shift: { date: '2026-03-02', code: 'Early' },
    order: { erpOrderId: orderId, operationId: '0010', sequence: '0' },
    postingDate: '2026-03-02',
    finality: 'partial' as const,
    quantities: { yield: String(yieldQty), scrap: String(scrap), rework: '0', uom: 'PC' },
    execution: { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T13:00:00.000Z' },
    capturedAt: '2026-03-02T13:05:00.000Z',
    capturedBy: 'jdoe',
  };
}

/** Enqueues `n` confirmations, one per distinct order unless `sameOrder`; returns ids in enqueue order. */
export function enqueueConfirmations(db: WritableDb, n: number, at: number, opts: { orders?: string[]; yieldOf?: (i: number) => number } = {}): string[] {
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const orderId = opts.orders ? opts.orders[i % opts.orders.length]! : demoOrderId(orderCursor++ % 143, 1 + (Math.floor(orderCursor / 143) % 3));
      const id = randomUUID();
      enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${orderId}`, payload: confirmationPayload(id, orderId, opts.yieldOf ? opts.yieldOf(i) : 100), at });
      ids.push(id);
    }
  })();
  return ids;
}

export const states = (db: WritableDb): Record<string, number> =>
  Object.fromEntries((db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));

/** Polls until `pred` holds, with a deadline (never a bare sleep). */
export async function until(pred: () => boolean, timeoutMs = 10_000, step?: () => void): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timeout');
    step?.();
    await new Promise((r) => setTimeout(r, 5));
  }
}
