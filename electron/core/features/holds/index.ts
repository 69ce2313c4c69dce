// The holds feature's one door: other features and the composition root import it only from here.
export { describeHoldItem } from './erp/holdPayloads.ts';
export { holdRemoteCheck, holdSender } from './erp/holdSender.ts';
export { createHoldsModule } from './holdsModule.ts';
export { heldQuantities, repointHoldOutbox } from './holdsRepo.ts';
