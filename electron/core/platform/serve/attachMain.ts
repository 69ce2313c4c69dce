import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodePorts } from '../ports/nodePorts.ts';
import type { SecretStore } from '../ports/ports.ts';
import { type AttachRelay, startAttachRelay } from './attachRelay.ts';
import { CREDENTIAL_SECRET, type HubAttachment, HubTrustError, pairWithHub, parseHubUrl, readAttachment } from './hubPairing.ts';

export interface AttachOptions {
  repoRoot: string;
  /** `https://hub:port` */
  hubUrl: string;
  /** One-time code from the hub's Settings → Devices; with `fingerprint`, pairs first. */
  pairCode?: string;
  fingerprint?: string;
  dataDir?: string;
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The built renderer; default `<repoRoot>/out/renderer`. */
  staticDir?: string;
  /** Where the device credential is kept; default the data folder's 0600 file (the desktop passes safeStorage). */
  secrets?: SecretStore;
}

export interface RunningAttach {
  url: string;
  attachment: HubAttachment;
  /** Set when this start paired the console. */
  pairedNow: boolean;
  relay: AttachRelay;
  stop(): Promise<void>;
}

/** An attached console keeps only its pairing, credential and logs: `$XDG_DATA_HOME/plant-console/attached`. */
export function defaultAttachDataDir(): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'plant-console', 'attached');
}

/**
 * `npm run serve -- --attach https://hub:port [--pair CODE --fingerprint SHA256]` and the desktop's
 * `--attach`: pairs when asked, then relays the screens to the hub (attachRelay.ts). Runs no core.
 */
export async function runAttach(options: AttachOptions): Promise<RunningAttach> {
  const hubUrl = parseHubUrl(options.hubUrl).origin;
  const dataDir = options.dataDir ?? defaultAttachDataDir();
  fs.mkdirSync(dataDir, { recursive: true });
  const nodePorts = createNodePorts({ dataDir, logLevel: options.logLevel ?? 'info' });
  const ports = { ...nodePorts, secrets: options.secrets ?? nodePorts.secrets, dispose: () => nodePorts.dispose() };
  try {
    let attachment: HubAttachment | null;
    let pairedNow = false;
    if (options.pairCode !== undefined) {
      if (!options.fingerprint) throw new HubTrustError('Pairing needs the fingerprint the hub shows (--fingerprint), to compare before the code is sent.');
      attachment = await pairWithHub({ hubUrl, code: options.pairCode, fingerprint: options.fingerprint, dataDir, secrets: ports.secrets });
      pairedNow = true;
      ports.logger.info('Paired with the hub', { hub: hubUrl, deviceId: attachment.deviceId, name: attachment.name, kind: attachment.kind });
    } else {
      attachment = readAttachment(dataDir);
      if (!attachment) throw new HubTrustError(`This console is not paired with a hub yet (nothing in ${dataDir}). Ask an administrator for a pairing code and start with --pair CODE --fingerprint SHA256 (docs/hub.md).`);
      if (attachment.hubUrl !== hubUrl) throw new HubTrustError(`This console is paired with the hub at ${attachment.hubUrl}, not ${hubUrl}. To attach to another hub, pair with it (--pair, --fingerprint).`);
    }
    const credential = await ports.secrets.read(CREDENTIAL_SECRET);
    if (!credential.ok) throw new HubTrustError('The device credential is missing from the secret store; ask an administrator to revoke this device and pair it again.');
    const relay = await startAttachRelay({ attachment, credential: credential.value, logger: ports.logger, staticDir: options.staticDir ?? path.join(options.repoRoot, 'out', 'renderer'), port: options.port });
    return {
      url: relay.url,
      attachment,
      pairedNow,
      relay,
      async stop() {
        await relay.close();
        ports.dispose();
      },
    };
  } catch (e) {
    ports.dispose();
    throw e;
  }
}
