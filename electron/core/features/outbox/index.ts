// The outbox feature's one door: other features and the composition root import it only from here.
export { createErpOutbox, createErpConnector, erpConnectorOptions, GIVE_UP_AFTER_MS, type ErpOutboxDeps } from './erpOutbox.ts';
export { createOutboxModule, type KindTriage, type OutboxModule } from './outboxModule.ts';
export type { Corrector, Describer, SupersedeHook } from './outboxHandlers.ts';
