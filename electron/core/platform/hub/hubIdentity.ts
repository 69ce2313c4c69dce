import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSelfSignedTls } from '../opcua/selfSignedTls.ts';

/** The hub's TLS identity: made once into `<data dir>/pki/hub-tls`, then the same on every start. */
export interface HubIdentity {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate (DER), as "AB:CD:…": what the administrator compares on the console. */
  fingerprint: string;
}

export async function loadHubIdentity(dataDir: string): Promise<HubIdentity> {
  const host = os.hostname();
  const { certFile, keyFile } = await ensureSelfSignedTls(path.join(dataDir, 'pki', 'hub-tls'), { commonName: host, dns: [host, 'localhost'], ip: ['127.0.0.1'], validityDays: 10 * 365 });
  const certPem = fs.readFileSync(certFile, 'utf8');
  return { certPem, keyPem: fs.readFileSync(keyFile, 'utf8'), fingerprint: new X509Certificate(certPem).fingerprint256 };
}

/** "ab:cd…", "ABCD…" or "AB CD …" → "AB:CD:…", or null when it is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
