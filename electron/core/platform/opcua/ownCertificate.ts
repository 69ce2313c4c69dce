import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI } from './clientOptions.ts';

/** Where node-opcua's client looks for its application instance certificate inside the PKI root. */
export const OWN_CERTIFICATE = path.join('own', 'certs', 'client_certificate.pem');
const VALIDITY_DAYS = 5 * 365;

/**
 * Creates the console's own certificate on first run, with the product's identity (node-opcua would
 * otherwise make one with its vendor's subject). The subjectAltName URI is the client's applicationUri,
 * which controllers check.
 */
export function ensureOwnCertificate(cm: OPCUACertificateManager): Promise<void> {
  const file = path.join(cm.rootDir, OWN_CERTIFICATE);
  // Several controllers share one PKI folder: one creation per file, the others wait for it.
  let p = creating.get(file);
  if (!p) {
    p = create(cm, file).finally(() => creating.delete(file));
    creating.set(file, p);
  }
  return p;
}

const creating = new Map<string, Promise<void>>();

async function create(cm: OPCUACertificateManager, file: string): Promise<void> {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return;
  const host = os.hostname();
  await cm.createSelfSignedCertificate({
    outputFile: file,
    subject: `/CN=${CLIENT_APPLICATION_NAME}@${host}/O=Plant Operations Console`,
    applicationUri: CLIENT_APPLICATION_URI,
    dns: [host],
    startDate: new Date(Date.now() - 86_400_000),
    validity: VALIDITY_DAYS,
  });
}
