import { errResult, okResult, type Result } from '../../../../../shared/result.ts';
import type { OutboxAdapter, OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';
import type { ErpConnector, ErpConnectorOptions } from '../../../platform/erp/erpTypes.ts';
import type { HoldsPart } from './holdsPart.ts';
import { restHolds } from './restHolds.ts';
import { sapHolds } from './sapHolds.ts';

/**
 * The outbox allows one adapter per target, and holds go to the same ERP ("erp") as confirmations, so
 * the ERP's adapter is wrapped: hold kinds go to the holds part, everything else to the original
 * adapter, unchanged. Ordering keys, breaker and backoff stay the target's.
 */
export function composeHolds(adapter: OutboxAdapter, holds: HoldsPart): OutboxAdapter {
  const isHold = (it: OutboxSendItem) => holds.kinds.includes(it.kind);
  return {
    target: adapter.target,
    label: adapter.label,
    kinds: [...adapter.kinds, ...holds.kinds.filter((k) => !adapter.kinds.includes(k))],
    batchSize: adapter.batchSize,
    // Dropping these would drain the ERP target one request at a time and read back too early.
    ...(adapter.parallelRequests !== undefined ? { parallelRequests: adapter.parallelRequests } : {}),
    ...(adapter.processingLimitMs !== undefined ? { processingLimitMs: adapter.processingLimitMs } : {}),
    minKeyGapMs: adapter.minKeyGapMs,
    settleMs: adapter.settleMs,
    repairDuplicate: (item, extra) => (isHold(item) ? null : (adapter.repairDuplicate?.(item, extra) ?? null)),
    async send(items) {
      const out: SendOutcome[] = new Array<SendOutcome>(items.length);
      const rest: { i: number; it: OutboxSendItem }[] = [];
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        if (isHold(it)) out[i] = await holds.send(it);
        else rest.push({ i, it });
      }
      if (rest.length > 0) {
        const r = await adapter.send(rest.map((x) => x.it));
        rest.forEach((x, k) => (out[x.i] = r[k] ?? { kind: 'unknown', error: { class: 'unknown', message: 'no answer for this item' } }));
      }
      return out;
    },
    async readBack(items): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
      const h = items.filter(isHold);
      const o = items.filter((it) => !isHold(it));
      const merged = new Map<string, readonly ReadBackHit[]>();
      if (h.length > 0) {
        const r = await holds.readBack(h);
        if (!r.ok) return errResult(r.error);
        for (const [k, v] of r.value) merged.set(k, v);
      }
      if (o.length > 0) {
        const r = await adapter.readBack(o);
        if (!r.ok) return errResult(r.error);
        for (const [k, v] of r.value) merged.set(k, v);
      }
      return okResult(merged);
    },
    dispose: adapter.dispose ? () => adapter.dispose?.() : undefined,
  };
}

/** The ERP connector with hold sending added for its kind of ERP. */
export function withHolds(connector: ErpConnector, kind: 'sap-odata' | 'rest', o: ErpConnectorOptions): ErpConnector {
  return { ...connector, adapter: composeHolds(connector.adapter, kind === 'sap-odata' ? sapHolds(o) : restHolds(o)) };
}
