import fs from 'node:fs';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';

/**
 * A self-signed TLS certificate and its RSA key, made with the X.509 code the console already ships for
 * its OPC UA identity (node-opcua's certificate manager, pure JavaScript, no openssl binary): the plant
 * hub's HTTPS/WSS identity (platform/hub/hubIdentity.ts). node-opcua is imported only in this folder
 * (test/arch), which is why this lives here. Returns the PEM file paths; makes them only if missing.
 */
export async function ensureSelfSignedTls(rootDir: string, options: { commonName: string; dns: string[]; ip: string[]; validityDays: number }): Promise<{ certFile: string; keyFile: string }> {
  const certFile = path.join(rootDir, 'own', 'certs', 'tls_certificate.pem');
  const keyFile = path.join(rootDir, 'own', 'private', 'private_key.pem');
  if (fs.existsSync(certFile) && fs.statSync(certFile).size > 0 && fs.existsSync(keyFile)) return { certFile, keyFile };
  const cm = new OPCUACertificateManager({ rootFolder: rootDir, automaticallyAcceptUnknownCertificate: false });
  try {
    await cm.initialize();
    await cm.createSelfSignedCertificate({
      outputFile: certFile,
      subject: `/CN=${options.commonName}/O=Plant Operations Console`,
      applicationUri: `urn:plant-console:hub:${options.commonName}`,
      dns: options.dns,
      ip: options.ip,
      startDate: new Date(Date.now() - 86_400_000),
      validity: options.validityDays,
    });
  } finally {
    await cm.dispose();
  }
  fs.chmodSync(keyFile, 0o600);
  return { certFile, keyFile };
}
