// The signals feature's one door: other features and the composition root import it only from here.
export { createSignalsModule } from './signalsModule.ts';
