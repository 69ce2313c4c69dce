import type { PlantClient } from '../../shared/contract/client.ts';

/**
 * The client of the page's one bridge, for stores whose actions call commands (sign-in, users, audit).
 * Set once by wireStreams; a store calling before that gets a clear error instead of a silent no-op.
 */
let active: PlantClient | null = null;

export function setActiveClient(client: PlantClient | null): void {
  active = client;
}

export function activeClient(): PlantClient {
  if (!active) throw new Error('The bridge to the console core is not wired yet');
  return active;
}
