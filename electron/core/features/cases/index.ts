// The cases feature's one door: other features and the composition root import it only from here.
export { createCasesModule } from './casesModule.ts';
export { describeCaseItem } from './caseOutboxText.ts';
