// The production feature's one door: other features and the composition root import it only from here.
export { eventsOverlapping, getEvent, notesOf } from './downtimeRepo.ts';
export { lineSettings } from './lineSettings.ts';
export { createProductionModule } from './productionModule.ts';
export { minutesOf, productionByOrder, productionInWindow } from './productionRepo.ts';
export { shiftFor } from './reportWindows.ts';
export { shiftsBetween, shiftsOnDate } from './shiftCalendar.ts';
export type { ShiftWindow } from './shiftCalendar.ts';
