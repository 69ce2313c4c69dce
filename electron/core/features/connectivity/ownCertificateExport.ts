import fs from 'node:fs';
import path from 'node:path';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { OwnCertificateExport } from '../../../../shared/contract/domains/connectivity.ts';
import { certificateDer, certificateInfo } from '../../platform/opcua/certificateInfo.ts';
import { OWN_CERTIFICATE } from '../../platform/opcua/ownCertificate.ts';

/**
 * Writes the console's own OPC UA certificate (public part only, never the key) as PEM and DER into
 * `<exportDir>`, named after its thumbprint, so an administrator can install it as trusted on a controller.
 */
export function exportOwnCertificate(pkiRoot: string, exportDir: string): Result<OwnCertificateExport, 'NONE' | 'WRITE_FAILED'> {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path.join(pkiRoot, OWN_CERTIFICATE));
  } catch {
    return errResult('NONE');
  }
  const der = certificateDer(raw);
  const info = der ? certificateInfo(der) : null;
  if (!der || !info) return errResult('NONE');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const base = `plant-console-certificate-${info.sha1.slice(0, 8).toLowerCase()}`;
  const pemPath = path.join(exportDir, `${base}.pem`);
  const derPath = path.join(exportDir, `${base}.der`);
  try {
    fs.mkdirSync(exportDir, { recursive: true });
    fs.writeFileSync(pemPath, pem);
    fs.writeFileSync(derPath, der);
  } catch {
    return errResult('WRITE_FAILED');
  }
  return okResult({ subject: info.subject, commonName: info.commonName, sha1: info.sha1, sha256: info.sha256, validTo: info.validTo, pemPath, derPath, fileName: `${base}.pem`, pem });
}
