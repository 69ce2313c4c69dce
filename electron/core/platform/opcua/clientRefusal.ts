import fs from 'node:fs';
import path from 'node:path';
import { certificateInfo } from './certificateInfo.ts';
import { explainError } from './explain.ts';
import type { OpcuaError } from './opcuaTypes.ts';
import { OWN_CERTIFICATE } from './ownCertificate.ts';

/** What a person needs to find the console's certificate on the controller's side. */
export interface OwnCertificateSummary {
  subject: string;
  commonName: string;
  sha1: string;
  sha256: string;
}

/** The console's own certificate (subject, thumbprints) from the client PKI folder, or null if it has none yet. */
export function ownCertificateSummary(pkiRoot: string): OwnCertificateSummary | null {
  try {
    const info = certificateInfo(fs.readFileSync(path.join(pkiRoot, OWN_CERTIFICATE)));
    return info ? { subject: info.subject, commonName: info.commonName, sha1: info.sha1, sha256: info.sha256 } : null;
  } catch {
    return null;
  }
}

/**
 * A socket closed by the other side after it had connected, with no OPC UA status code: what open62541 (and other
 * stacks) answer to a client certificate they do not trust. A refused TCP connection (ECONNREFUSED), a time-out or
 * an unknown host is not this.
 */
export function isBareClose(err: Error | null | undefined): boolean {
  if (!err) return false;
  const text = err.message;
  if (/\bBad[A-Z][A-Za-z]+/.test(text)) return false;
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|timeout|timed out/i.test(text)) return false;
  return /socket has been disconnected by third party|premature socket termination|ECONNRESET|EPIPE|connection may have been rejected|Server Certificate not changed|socket.*closed|closed by (the )?(server|peer)/i.test(text);
}

/**
 * Explains a failed attempt. When a secure channel opened with the console's certificate (mode Sign or
 * SignAndEncrypt) was answered by a bare close, the controller most probably does not trust the console: it is said
 * so, carefully ("probably"), with the console's certificate to install on the controller (defect 8). A refusal with
 * a status code (BadSecurityChecksFailed, BadCertificateUntrusted from the server side …) is named without the doubt.
 */
export function explainRefusal(err: unknown, channelError: Error | null, securityMode: string, own: OwnCertificateSummary | null): OpcuaError {
  const base = explainError(err);
  const withOwn = (e: OpcuaError): OpcuaError => (own ? { ...e, ownCertificate: own } : e);
  const who = own ? ` (“${own.commonName}”, SHA-1 ${own.sha1})` : '';
  const install = 'An administrator can export it in Settings → Controllers and install it as trusted on the controller.';
  if (securityMode === 'None') return base;
  if (base.status === 'BadSecurityChecksFailed') {
    return withOwn({ code: 'CLIENT_CERTIFICATE_REFUSED', status: base.status, message: `The controller does not trust this console's certificate${who}. ${install}` });
  }
  if (base.code !== 'UNREACHABLE') return base;
  const e = err instanceof Error ? err : null;
  if (isBareClose(channelError) || (channelError === null && isBareClose(e))) {
    return withOwn({
      code: 'CLIENT_CERTIFICATE_REFUSED',
      message: `The controller closed the connection as soon as the console presented its certificate: it probably does not trust this console's certificate${who}. ${install}`,
    });
  }
  return base;
}
