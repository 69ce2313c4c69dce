import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { Disposable } from '../../platform/ports/ports.ts';
import { watchAuditCapacity } from './auditCapacity.ts';
import { auditHandlers } from './auditHandlers.ts';

export interface AuditContext {
  db: CoreContext['db'];
  ports: Pick<CoreContext['ports'], 'clock'>;
  log: CoreContext['log'];
  config: { plant: Pick<CoreContext['config']['plant'], 'id'> };
  publish: CoreContext['publish'];
}

export function createAuditModule(ctx: AuditContext): CoreModule<'audit.query' | 'audit.verify' | 'audit.export'> {
  const log = ctx.log.child({ component: 'audit' });
  let watch: (Disposable & { check(): boolean }) | null = null;
  return {
    handlers: auditHandlers({ db: ctx.db, clock: ctx.ports.clock, log, plantId: ctx.config.plant.id }),
    start() {
      watch = watchAuditCapacity(ctx.db, ctx.ports.clock, log, (message, m) => ctx.publish('system.notice', { at: ctx.ports.clock.now(), level: 'warning', message, msg: m }));
      watch.check();
    },
    dispose() {
      watch?.dispose();
    },
  };
}
