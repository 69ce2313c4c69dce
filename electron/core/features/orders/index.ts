// The orders feature's one door: other features and the composition root import it only from here.
export { OrderSync } from './OrderSync.ts';
export { ordersHandlers, runningOrders, workCenterOf } from './ordersHandlers.ts';
export { createOrdersModule } from './ordersModule.ts';
export { getWorkOrder } from './workOrderRepo.ts';
