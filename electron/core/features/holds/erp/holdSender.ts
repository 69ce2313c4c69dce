import type { ErpConnectorOptions } from '../../../platform/erp/erpTypes.ts';
import type { OutboxSender, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';
import { restHolds } from './restHolds.ts';
import { sapHolds } from './sapHolds.ts';
import type { HoldsPart } from './holdsPart.ts';

/** The ERP's answer to "is this hold released there?" (holdsModule's check of active holds, issue 19). */
export function holdRemoteCheck(kind: 'sap-odata' | 'rest', o: ErpConnectorOptions): HoldsPart['releasedElsewhere'] {
  return (kind === 'sap-odata' ? sapHolds(o) : restHolds(o)).releasedElsewhere;
}

/**
 * The holds feature's kinds on the ERP target (`engine.registerKinds('erp', holdSender(…))`): hold.place
 * and hold.release, one record per request, read back by reference. They share the ERP target's worker,
 * breaker, key order and requests in flight with the confirmations; the engine routes each item by kind.
 */
export function holdSender(kind: 'sap-odata' | 'rest', o: ErpConnectorOptions): OutboxSender {
  const part = kind === 'sap-odata' ? sapHolds(o) : restHolds(o);
  return {
    kinds: part.kinds,
    batchSize: 1,
    async send(items) {
      const out: SendOutcome[] = [];
      for (const it of items) out.push(await part.send(it));
      return out;
    },
    readBack: (items) => part.readBack(items),
  };
}
