import type { OpcuaError, OpcuaErrorCode } from './opcuaTypes.ts';

/**
 * Turns OPC UA status names and node-opcua / socket errors into our OpcuaError: a closed code and
 * a sentence a supervisor can act on. Pure: no node-opcua import, so it is unit-tested directly.
 */

interface Explanation {
  code: OpcuaErrorCode;
  message: string;
}

const BY_STATUS: Readonly<Record<string, Explanation>> = {
  BadCertificateUntrusted: {
    code: 'CERTIFICATE_UNTRUSTED',
    message: 'The controller and the console do not trust each other\'s certificate yet. An administrator must trust it (on the controller, or in the console\'s certificate screen).',
  },
  BadSecurityChecksFailed: {
    code: 'CERTIFICATE_UNTRUSTED',
    message: 'The controller refused the console\'s certificate (security checks failed). Usually the console\'s certificate must be trusted on the controller.',
  },
  BadCertificateInvalid: { code: 'CERTIFICATE_UNTRUSTED', message: 'A certificate is invalid or damaged.' },
  BadCertificateTimeInvalid: { code: 'CERTIFICATE_UNTRUSTED', message: 'A certificate has expired or is not valid yet. Check the certificate dates and the clocks.' },
  BadCertificateIssuerTimeInvalid: { code: 'CERTIFICATE_UNTRUSTED', message: 'The certificate of an issuing CA has expired or is not valid yet.' },
  BadCertificateRevoked: { code: 'CERTIFICATE_UNTRUSTED', message: 'A certificate has been revoked.' },
  BadCertificateIssuerRevoked: { code: 'CERTIFICATE_UNTRUSTED', message: 'The certificate of an issuing CA has been revoked.' },
  BadCertificateRevocationUnknown: { code: 'CERTIFICATE_UNTRUSTED', message: 'The revocation list (CRL) of a certificate\'s issuer is missing.' },
  BadCertificateIssuerRevocationUnknown: { code: 'CERTIFICATE_UNTRUSTED', message: 'The revocation list (CRL) of an issuing CA is missing.' },
  BadCertificateChainIncomplete: { code: 'CERTIFICATE_UNTRUSTED', message: 'A certificate\'s issuing CA is not known: its CA certificate must be added.' },
  BadCertificateHostNameInvalid: { code: 'CERTIFICATE_UNTRUSTED', message: 'The controller\'s certificate does not name the host used in the endpoint address.' },
  BadCertificateUriInvalid: { code: 'CERTIFICATE_UNTRUSTED', message: 'The application URI in a certificate does not match the application.' },
  BadCertificateUseNotAllowed: {
    code: 'CERTIFICATE_USE_NOT_ALLOWED',
    message: 'A certificate may not be used this way (its key usage does not allow it). A new certificate is needed.',
  },
  BadCertificatePolicyCheckFailed: {
    code: 'CERTIFICATE_USE_NOT_ALLOWED',
    message: 'A certificate does not meet the security policy (key size or signature algorithm).',
  },
  BadSecurityPolicyRejected: {
    code: 'SECURITY_POLICY_REJECTED',
    message: 'The controller does not accept the configured security policy.',
  },
  BadSecurityModeRejected: { code: 'SECURITY_POLICY_REJECTED', message: 'The controller does not accept the configured security mode.' },
  BadUserAccessDenied: { code: 'ACCESS_DENIED', message: 'The controller refused the console\'s user or this operation for it.' },
  BadIdentityTokenRejected: { code: 'ACCESS_DENIED', message: 'The controller refused the console\'s login (user name, password or certificate).' },
  BadIdentityTokenInvalid: { code: 'ACCESS_DENIED', message: 'The controller does not accept this kind of login.' },
  BadUserSignatureInvalid: { code: 'ACCESS_DENIED', message: 'The controller refused the user certificate signature.' },
  BadNotWritable: { code: 'ACCESS_DENIED', message: 'This value is read-only on the controller.' },
  BadNotReadable: { code: 'ACCESS_DENIED', message: 'This value may not be read on the controller.' },
  BadTooManySessions: {
    code: 'TOO_MANY_SESSIONS',
    message: 'The controller has no free connection slots (too many sessions). Close other clients or raise its session limit.',
  },
  BadNodeIdUnknown: { code: 'NODE_UNKNOWN', message: 'The controller has no such tag (node id unknown). Check the tag mapping.' },
  BadNodeIdInvalid: { code: 'NODE_UNKNOWN', message: 'The node id is not valid on this controller. Check the tag mapping.' },
  BadTypeMismatch: { code: 'WRITE_FAILED', message: 'The value has the wrong data type for this tag.' },
  BadOutOfRange: { code: 'WRITE_FAILED', message: 'The value is out of the range this tag accepts.' },
  BadTimeout: { code: 'UNREACHABLE', message: 'The controller did not answer in time.' },
  BadConnectionClosed: { code: 'UNREACHABLE', message: 'The connection to the controller was closed.' },
  BadSessionIdInvalid: { code: 'NOT_CONNECTED', message: 'The session with the controller is no longer valid (reconnecting).' },
  BadSessionClosed: { code: 'NOT_CONNECTED', message: 'The session with the controller is closed (reconnecting).' },
  BadServerHalted: { code: 'UNREACHABLE', message: 'The controller\'s OPC UA server is shutting down.' },
  BadShutdown: { code: 'UNREACHABLE', message: 'The controller\'s OPC UA server is shutting down.' },
};

/** An OpcuaError for a status name such as `BadCertificateUntrusted`; `fallback` when it is not one we know. */
export function explainStatus(status: string, fallback: OpcuaErrorCode = 'INTERNAL'): OpcuaError {
  const known = BY_STATUS[status];
  if (known) return { code: known.code, message: known.message, status };
  return { code: fallback, message: `The controller answered ${status}.`, status };
}

const SOCKET_ERRORS: ReadonlyArray<[RegExp, string]> = [
  [/ECONNREFUSED/, 'Nothing is listening at the controller\'s address and port (connection refused). Is it on, and is the endpoint right?'],
  [/ENOTFOUND|EAI_AGAIN/, 'The controller\'s host name cannot be resolved. Check the endpoint address.'],
  [/EHOSTUNREACH|ENETUNREACH/, 'The controller\'s network cannot be reached.'],
  [/ETIMEDOUT|timeout|timed out/i, 'The controller did not answer in time.'],
  [/ECONNRESET|EPIPE|socket has been disconnected|premature socket termination|connection may have been rejected/i, 'The controller closed the connection.'],
];

/**
 * Explains an error thrown by node-opcua or the socket layer. A status name in the message wins
 * (node-opcua puts e.g. "BadCertificateUntrusted" there); then socket errors; then `fallback`.
 */
export function explainError(err: unknown, fallback: OpcuaErrorCode = 'UNREACHABLE'): OpcuaError {
  const e = err instanceof Error ? err : new Error(String(err));
  const text = `${e.message} ${(e as { code?: unknown }).code ?? ''}`;
  const names = text.match(/\bBad[A-Z][A-Za-z]+/g) ?? [];
  for (const name of names) {
    if (BY_STATUS[name]) return explainStatus(name);
  }
  if (/Cannot find an Endpoint matching|End ?point must exist|endpoint.*(does not exist|not found)/i.test(text)) {
    return {
      code: 'SECURITY_POLICY_REJECTED',
      message: 'The controller does not offer the configured security mode and policy.',
    };
  }
  for (const [re, message] of SOCKET_ERRORS) {
    if (re.test(text)) return { code: 'UNREACHABLE', message };
  }
  const name = names[0];
  if (name) return explainStatus(name, fallback);
  return { code: fallback, message: firstLine(e.message) || 'Unknown OPC UA error.' };
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.trim().slice(0, 300) ?? '';
}
