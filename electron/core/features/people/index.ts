// The people feature's one door: other features and the composition root import it only from here.
export { afterFailure } from './lockoutPolicy.ts';
export { createPeopleModule } from './peopleModule.ts';
export { dummyHash, verifyPin } from './pinHash.ts';
export { languageOfAuthor } from './languageRepo.ts';
export { findByBadge, findByUserName, readPeopleSettings, setFailures } from './userRepo.ts';
