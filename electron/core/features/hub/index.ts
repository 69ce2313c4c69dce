// The hub feature's one door: the composition root imports it only from here.
export { createHubModule, type HubModule } from './hubModule.ts';
