// The shiftClose feature's one door: other features and the composition root import it only from here.
export { confirmationById, insertConfirmation } from './shiftCloseRepo.ts';
export { createShiftCloseModule } from './shiftCloseModule.ts';
export { shiftHandlers } from './shiftHandlers.ts';
