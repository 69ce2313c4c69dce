import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { ErpConnector } from '../../platform/erp/erpTypes.ts';
import { OrderSync } from './OrderSync.ts';
import { ordersHandlers, workCenterOf } from './ordersHandlers.ts';

type Keys = 'orders.list' | 'orders.refresh' | 'orders.running' | 'orders.setRunning';

/** Work orders: read from the ERP every five minutes (and on demand), the running order per line. */
export function createOrdersModule(ctx: CoreContext, o: { erp: ErpConnector | null }): CoreModule<Keys> {
  const erpConfig = ctx.config.erp;
  const sync = o.erp && erpConfig
    ? new OrderSync({ db: ctx.db, connector: o.erp, clock: ctx.ports.clock, logger: ctx.log, plant: erpConfig.plant, workCenters: ctx.config.lines.map((l) => workCenterOf(ctx.config, l.id)), everyMs: 5 * 60_000 })
    : null;
  return {
    handlers: ordersHandlers({ db: ctx.db, config: ctx.config, gateways: ctx.gateways, sync }),
    start() {
      sync?.start();
    },
    // The order sync in flight is cancelled and awaited before the core closes the database.
    dispose: () => sync?.dispose(),
  };
}
