import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import type { SecretStore } from '../ports/ports.ts';
import { normalizeFingerprint } from '../hub/hubIdentity.ts';
import { HUB_PAIR_PATH } from './hubWire.ts';

/** What an attached console keeps about its hub (`<data dir>/hub-attachment.json`); the credential is in the secret store. */
export interface HubAttachment {
  hubUrl: string;
  /** The fingerprint the administrator compared at pairing: the only certificate this console accepts from the hub. */
  fingerprint: string;
  certPem: string;
  deviceId: string;
  name: string;
  kind: 'console' | 'wallboard';
  pairedAt: number;
}

export const ATTACHMENT_FILE = 'hub-attachment.json';
export const CREDENTIAL_SECRET = 'hub.deviceCredential';

export class HubTrustError extends Error {}

/** `https://host:port` only: the hub is always reached over TLS, whatever the network. */
export function parseHubUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HubTrustError(`"${text}" is not an address like https://plant-hub:8443`);
  }
  if (url.protocol !== 'https:') throw new HubTrustError(`The hub is reached over TLS only: use https://${url.host || '…'}, not ${url.protocol}//`);
  return url;
}

/**
 * The TLS options that accept the hub's pinned certificate and nothing else: it is the only trust anchor,
 * and its SHA-256 must be the one compared at pairing. The host name is not checked: consoles reach the
 * hub by whatever name or address the plant network gives it, and the pin is stronger than a name.
 */
export function pinnedTls(certPem: string, fingerprint: string): Pick<https.RequestOptions, 'ca' | 'checkServerIdentity'> {
  return {
    ca: certPem,
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === fingerprint ? undefined : new HubTrustError(`The hub presented certificate ${cert.fingerprint256}, not the pinned ${fingerprint}`),
  };
}

/** Reads the hub's certificate without trusting it (nothing is sent): its PEM and SHA-256 fingerprint. */
export function fetchHubCertificate(url: URL, timeoutMs = 10_000): Promise<{ certPem: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({ host, port: Number(url.port || 443), rejectUnauthorized: false, ...(net.isIP(host) === 0 ? { servername: host } : {}) });
    const timer = setTimeout(() => socket.destroy(new HubTrustError(`The hub at ${url.origin} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      if (!raw) return reject(new HubTrustError(`The hub at ${url.origin} presented no certificate`));
      const x = new X509Certificate(raw);
      resolve({ certPem: x.toString(), fingerprint: x.fingerprint256 });
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof HubTrustError ? e : new HubTrustError(`Cannot reach the hub at ${url.origin}: ${e.message}`));
    });
  });
}

/**
 * Pairing as an attached console: read the hub's certificate, compare its fingerprint with the one the
 * administrator read off the hub's Settings → Devices (refused on any difference, before the code is
 * sent), present the one-time code over TLS pinned to that certificate, keep the credential in the secret
 * store and the pinned certificate in the data folder.
 */
export async function pairWithHub(options: { hubUrl: string; code: string; fingerprint: string; dataDir: string; secrets: SecretStore; now?: () => number }): Promise<HubAttachment> {
  const url = parseHubUrl(options.hubUrl);
  const expected = normalizeFingerprint(options.fingerprint);
  if (!expected) throw new HubTrustError('The fingerprint must be the 64 hexadecimal digits (SHA-256) shown on the hub, like AB:CD:…');
  const seen = await fetchHubCertificate(url);
  if (seen.fingerprint !== expected) {
    throw new HubTrustError(
      `The hub at ${url.origin} presents certificate fingerprint ${seen.fingerprint}, not the ${expected} you entered. Not paired and the code was not sent: check that this is the hub's address and the fingerprint its Settings → Devices shows; anything else may be a machine in between.`,
    );
  }
  const body = JSON.stringify({ code: options.code });
  const answer = await new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = https.request(
      { protocol: 'https:', hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || 443, path: HUB_PAIR_PATH, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 15_000, ...pinnedTls(seen.certPem, expected) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new HubTrustError(`The hub answered the pairing with HTTP ${res.statusCode} and no readable body`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new HubTrustError('The hub did not answer the pairing within 15 s')));
    req.on('error', (e) => reject(e instanceof HubTrustError ? e : new HubTrustError(`Pairing with the hub failed: ${e.message}`)));
    req.end(body);
  });
  if (answer.status !== 200) throw new HubTrustError(`The hub refused the pairing: ${String(answer.json.error ?? `HTTP ${answer.status}`)}`);
  const { deviceId, name, kind, credential } = answer.json as { deviceId: string; name: string; kind: 'console' | 'wallboard'; credential: string };
  const kept = await options.secrets.write(CREDENTIAL_SECRET, credential);
  if (!kept.ok) throw new HubTrustError('Paired, but the device credential could not be kept in the secret store; ask the administrator to revoke this device and pair again.');
  const attachment: HubAttachment = { hubUrl: url.origin, fingerprint: expected, certPem: seen.certPem, deviceId, name, kind, pairedAt: (options.now ?? Date.now)() };
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, ATTACHMENT_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(attachment, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return attachment;
}

export function readAttachment(dataDir: string): HubAttachment | null {
  const file = path.join(dataDir, ATTACHMENT_FILE);
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as HubAttachment;
}
