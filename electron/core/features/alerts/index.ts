// The alerts feature's one door: other features and the composition root import it only from here.
export type { AlertService } from './AlertService.ts';
export { alertsByIds, eventsOfAlert, getAlert } from './alertRepo.ts';
export type { AlertRecord } from './alertRepo.ts';
export { createAlertsModule } from './alertsModule.ts';
