import type { Core } from '../../coreApi.ts';
import type { Logger } from '../ports/ports.ts';
import { type HubIdentity, loadHubIdentity } from '../hub/hubIdentity.ts';
import { type ServeHost, startServeHost } from './serveHost.ts';

/**
 * The plant hub's listener (docs/hub.md), one piece for both hubs: `npm run serve -- --hub` (serveMain.ts)
 * and the desktop console an administrator designates (`--hub` on the desktop app, which runs it in the
 * core's utility process beside the core it already runs: platform/host/hostRuntime.ts).
 *
 * Two steps, because the core must know the fingerprint before it starts (`CoreOptions.hub`):
 * `prepareHubIdentity` before startCore, `startHubListener` with the running core.
 */

export const DEFAULT_HUB_PORT = 8443;
export const DEFAULT_HUB_BIND = '0.0.0.0';

export type HubIdentityResult = { ok: true; identity: HubIdentity } | { ok: false; problem: string };

/**
 * The hub's TLS identity from the data folder, made on the first start. When it cannot be made (a
 * read-only or full data folder, a damaged key) the answer says so in words and no listener may start:
 * a hub without its own pinned certificate would make every paired console refuse it, or worse, pair anew.
 */
export async function prepareHubIdentity(dataDir: string): Promise<HubIdentityResult> {
  try {
    return { ok: true, identity: await loadHubIdentity(dataDir) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, problem: `The plant hub's certificate could not be made in the data folder ${dataDir} (${reason}). The hub is not started; consoles cannot attach to this machine until the data folder is writable.` };
  }
}

export interface HubListenerOptions {
  core: Core;
  identity: HubIdentity;
  logger: Logger;
  /** The built renderer (out/renderer): this machine's own browser screens of the hub. */
  staticDir: string;
  bind?: string;
  port?: number;
}

/** HTTPS + WSS with the hub's certificate; paired devices attach, `POST /hub/pair` redeems codes. */
export function startHubListener(o: HubListenerOptions): Promise<ServeHost> {
  return startServeHost({
    core: o.core,
    logger: o.logger,
    staticDir: o.staticDir,
    host: o.bind ?? DEFAULT_HUB_BIND,
    port: o.port ?? DEFAULT_HUB_PORT,
    hub: { certPem: o.identity.certPem, keyPem: o.identity.keyPem },
  });
}
