// The system feature's one door: other features and the composition root import it only from here.
export { externalLinkHosts } from './externalLinkHosts.ts';
export { systemHandlers } from './systemHandlers.ts';
export { createConnectionCheck } from './connectionCheck.ts';
