// The outbox feature's one door: other features and the composition root import it only from here.
export { createOutboxErpModule } from './outboxErpModule.ts';
