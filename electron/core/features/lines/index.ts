// The lines feature's one door: other features and the composition root import it only from here.
export { LivePump, mapState } from './LivePump.ts';
export { linesHandlers } from './linesHandlers.ts';
