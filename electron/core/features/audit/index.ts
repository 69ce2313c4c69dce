// The audit feature's one door: other features and the composition root import it only from here.
export { createAuditModule } from './auditModule.ts';
