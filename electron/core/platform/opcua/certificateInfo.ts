import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from './opcuaTypes.ts';

/**
 * What an administrator needs to judge a controller certificate, read with Node's own X.509 parser.
 * The SHA-1 thumbprint is the one OPC UA tools and controller web pages show.
 */
export function certificateInfo(certificate: Buffer | string): CertificateInfo | null {
  let x: X509Certificate;
  try {
    x = new X509Certificate(typeof certificate === 'string' ? Buffer.from(certificate) : certificate);
  } catch {
    return null;
  }
  const hex = (fp: string): string => fp.replaceAll(':', '').toUpperCase();
  const uri = /URI:([^,\s]+)/.exec(x.subjectAltName ?? '')?.[1] ?? null;
  return {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    commonName: /(?:^|\n)CN=([^\n]+)/.exec(x.subject)?.[1] ?? '',
    applicationUri: uri,
    validFrom: Date.parse(x.validFrom),
    validTo: Date.parse(x.validTo),
    sha1: hex(x.fingerprint),
    sha256: hex(x.fingerprint256),
    selfSigned: x.subject === x.issuer,
  };
}

/** Reads PEM (one or more blocks: the first is the leaf) or DER, as found in a PKI folder. */
export function certificateDer(fileContent: Buffer): Buffer | null {
  const text = fileContent.toString('latin1');
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text);
  if (m?.[1]) return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  return fileContent.length > 0 && fileContent[0] === 0x30 ? fileContent : null;
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

/** Days until `validTo` (negative when expired). */
export function daysLeft(info: CertificateInfo, now: number): number {
  return Math.floor((info.validTo - now) / 86_400_000);
}
