import type { Message } from '../../../../shared/i18n/index.ts';
import { msg } from '../../../../shared/i18n/index.ts';

/**
 * Library and network failures in words a person can act on: what happened and what they can do, as a
 * catalogue message (namespace `core`, groups `net`, `remote`, `storage`), with what the library or the
 * remote system said kept apart as `technical` (the administrator sees it under "Details"; nobody else).
 *
 * `target` names the other side for the message: 'erp', 'cmms', 'controller', 'proxy' select a word in
 * the catalogue ("the ERP" / "das ERP"); anything else is shown as it is.
 */
export interface Explained {
  msg: Message;
  technical: string;
}

/** Node/OpenSSL error codes as they appear in an error or in the adapters' English texts ("(ECONNREFUSED)"). */
const CODE_IN_TEXT = /\b(E[A-Z]{4,}|ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|SQLITE_[A-Z_]+)\b/;

const CERT_UNTRUSTED = new Set(['CERT_UNTRUSTED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_SIGNATURE_FAILURE']);

/** The catalogue key of a socket or TLS error code; null for a code this table does not know. */
export function netKey(code: string): 'net.refused' | 'net.timeout' | 'net.unknownHost' | 'net.unreachable' | 'net.dropped' | 'net.certUntrusted' | 'net.certExpired' | 'net.certHostname' | 'net.proxy' | 'net.cancelled' | null {
  if (code === 'ECONNREFUSED') return 'net.refused';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'net.timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'net.unknownHost';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EHOSTDOWN') return 'net.unreachable';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'net.dropped';
  if (CERT_UNTRUSTED.has(code)) return 'net.certUntrusted';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'net.certExpired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'net.certHostname';
  if (code === 'ERR_PROXY_TUNNEL') return 'net.proxy';
  if (code === 'ABORTED' || code === 'ABORT_ERR') return 'net.cancelled';
  return null;
}

/** The catalogue key of an HTTP status from a remote system; null when the status alone says nothing a person needs. */
export function httpKey(status: number): 'remote.signInRefused' | 'remote.forbidden' | 'remote.busy' | 'remote.serverError' | null {
  if (status === 401) return 'remote.signInRefused';
  if (status === 403) return 'remote.forbidden';
  if (status === 423 || status === 429 || status === 503) return 'remote.busy';
  if (status >= 500 && status <= 599) return 'remote.serverError';
  return null;
}

const technicalOf = (parts: readonly (string | number | undefined | null)[]): string => parts.filter((p) => p !== undefined && p !== null && p !== '').join(' · ').slice(0, 4000);

/** The error code a failure carries, on the object or inside its text. */
export function failureCode(e: { code?: unknown; message?: unknown } | null | undefined): string | null {
  if (!e) return null;
  if (typeof e.code === 'string' && e.code) return e.code;
  const m = typeof e.message === 'string' ? CODE_IN_TEXT.exec(e.message) : null;
  if (m) return m[1]!;
  if (typeof e.message === 'string' && /certificate not trusted/i.test(e.message)) return 'CERT_UNTRUSTED';
  return null;
}

/** A failure of one request to another system (socket, TLS, HTTP), as seen by an adapter. */
export function explainRequestFailure(target: string, f: { code?: string | null; httpStatus?: number | null; message: string; sent?: boolean }): Explained {
  const code = failureCode({ code: f.code ?? undefined, message: f.message });
  const technical = technicalOf([f.message, f.httpStatus ? `HTTP ${f.httpStatus}` : null, code]);
  const byCode = code ? netKey(code) : null;
  // A request that left and got no answer may have been applied: the person needs to know the console checks first.
  if (f.sent && (byCode === 'net.timeout' || byCode === 'net.dropped' || byCode === null) && !f.httpStatus) return { msg: msg('net.noAnswer', { target }), technical };
  if (byCode) return { msg: msg(byCode, { target }), technical };
  const byStatus = f.httpStatus ? httpKey(f.httpStatus) : null;
  if (byStatus) return { msg: msg(byStatus, { target }), technical };
  return { msg: msg('remote.failed', { target }), technical };
}

/** What SQLite said, in words: busy (another writer), or null for a fault storage health explains itself. */
export function explainSqlite(e: unknown): Explained | null {
  const code = failureCode(e as { code?: unknown; message?: unknown });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_BUSY_TIMEOUT') {
    return { msg: msg('storage.busy'), technical: technicalOf([code, e instanceof Error ? e.message : String(e)]) };
  }
  return null;
}

/**
 * Payload problems found by the contract's zod schema: the first problem in the reader's language (its
 * field by the catalogue's label, core `fields.*`, and what is wrong), how many more, and the English text
 * for the details. A problem whose field or wording this table does not know keeps the English text
 * (`payload.invalid`).
 */
export function explainPayload(problems: readonly { message: string }[], english: string): Explained {
  const first = problems[0] ? problemMessage(problems[0].message, problems.length - 1) : null;
  return { msg: first ?? msg('payload.invalid', { count: problems.length, problems: english }), technical: english };
}

/** The field labels the contract's problems use (shared/domain/fieldLimits.ts, shared/contract/problems.ts) → core `fields.*`. */
const FIELD_KEYS: Readonly<Record<string, string>> = {
  "Action": 'action',
  "Alert": 'alert',
  "Assignee": 'assignee',
  "Badge": 'badge',
  "Case": 'case',
  "Case title": 'caseTitle',
  "Certificate fingerprint": 'certificateFingerprint',
  "Confirmation": 'confirmation',
  "Confirmation text": 'confirmationText',
  "Controller": 'controller',
  "Controller node": 'controllerNode',
  "Date": 'date',
  "Device": 'device',
  "Downtime event": 'downtimeEvent',
  "Failed PINs before a lock": 'failedPins',
  "From": 'from',
  "Good quantity": 'good',
  "Hold": 'hold',
  "Id": 'id',
  "Ids": 'ids',
  "Idle lock minutes": 'idleLockMinutes',
  "Limit": 'limit',
  "Line": 'line',
  "Line id": 'lineId',
  "Line name": 'lineName',
  "Lot number": 'lot',
  "Material": 'material',
  "Minutes": 'minutes',
  "Name": 'name',
  "Note": 'note',
  "Operation": 'operation',
  "Order number": 'order',
  "PIN": 'pin',
  "Paging position": 'pagingPosition',
  "Plant": 'plant',
  "Quantity": 'quantity',
  "Reason": 'reason',
  "Reason code": 'reasonCode',
  "Reason for closing with uncoded downtime": 'overrideReason',
  "Reason for the correction": 'reverseReason',
  "Reason for the release": 'releaseReason',
  "Reject quantity": 'reject',
  "Revision": 'revision',
  "Search text": 'searchText',
  "Shift": 'shift',
  "Split time": 'splitTime',
  "Storage location": 'storageLocation',
  "Target": 'target',
  "Text": 'text',
  "Time": 'time',
  "To": 'to',
  "User": 'user',
  "User name": 'userName',
  "Work center": 'workCenter',
};

type ProblemKind = 'required' | 'tooLong' | 'tooShort' | 'min' | 'max' | 'number' | 'whole' | 'text' | 'control' | 'controlMulti' | 'broken' | 'nul' | 'plainId' | 'date' | 'dateInvalid' | 'time' | 'timeRange';

/** What the English problem text (after "Label: ") says, as a kind and its numbers; null for wording this table does not know. */
function problemKind(text: string): { kind: ProblemKind; limit?: number; got?: number } | null {
  let m: RegExpExecArray | null;
  if (text === 'required') return { kind: 'required' };
  if ((m = /^at most (\d+) characters(?: \([^)]*\))?, got (\d+)$/.exec(text))) return { kind: 'tooLong', limit: Number(m[1]), got: Number(m[2]) };
  if ((m = /^at least (\d+) characters$/.exec(text))) return { kind: 'tooShort', limit: Number(m[1]) };
  if ((m = /^at least (-?\d+)$/.exec(text))) return { kind: 'min', limit: Number(m[1]) };
  if ((m = /^at most (-?\d+)$/.exec(text))) return { kind: 'max', limit: Number(m[1]) };
  if (text === 'must be a number' || text === 'must be a moment in time (a number)') return { kind: 'number' };
  if (text.startsWith('must be a whole number')) return { kind: 'whole' };
  if (text === 'must be text') return { kind: 'text' };
  if (text === 'contains a line break or control character') return { kind: 'control' };
  if (text.startsWith('contains a control character')) return { kind: 'controlMulti' };
  if (text.startsWith('contains a broken character')) return { kind: 'broken' };
  if (text === 'contains a NUL character') return { kind: 'nul' };
  if (text === 'letters, digits, _ . - : only') return { kind: 'plainId' };
  if (text.startsWith('must be a date like')) return { kind: 'date' };
  if (/^(year \d+ is out of range|there is no (month|day) )/.test(text)) return { kind: 'dateInvalid' };
  if (text.startsWith('must be a time like') || text.endsWith('is not a time of day (00:00–23:59)')) return { kind: 'time' };
  if (text === 'before the year 2000' || text === 'after the year 2100') return { kind: 'timeRange' };
  return null;
}

/** "Good quantity (line 2): at least 0" → core payload.field with the field's catalogue label; null when not understood. */
export function problemMessage(english: string, more = 0): Message | null {
  const m = /^(.+?)(?: \([a-z ]+ (\d+)\))?: (.+)$/.exec(english);
  if (!m) return null;
  const field = FIELD_KEYS[m[1]!];
  const what = problemKind(m[3]!);
  if (!field || !what) return null;
  return { ...msg('payload.field', { item: m[2] ?? 'none', kind: what.kind, limit: what.limit ?? 0, got: what.got ?? 0, more }), terms: { field: `core:fields.${field}` } };
}

/**
 * OPC UA status codes (OPC 10000-4 §7.39 / the StatusCodes table of OPC 10000-6 Annex A) that say more than
 * the error's code class: a write refused for the user is not a wrong password, a read-only value is not a
 * refused login. The status name itself stays in `technical` (the administrator's Details).
 */
const OPCUA_STATUS_KEYS: Readonly<Record<string, 'opcua.userAccessDenied' | 'opcua.notWritable' | 'opcua.timeout' | 'opcua.notConnected' | 'opcua.typeMismatch' | 'opcua.outOfRange' | 'opcua.deviceFailure' | 'opcua.addressUnknown'>> = {
  BadUserAccessDenied: 'opcua.userAccessDenied',
  BadNotWritable: 'opcua.notWritable',
  BadWriteNotSupported: 'opcua.notWritable',
  BadTimeout: 'opcua.timeout',
  BadRequestTimeout: 'opcua.timeout',
  BadNotConnected: 'opcua.notConnected',
  BadServerNotConnected: 'opcua.notConnected',
  BadNoCommunication: 'opcua.notConnected',
  BadSessionClosed: 'opcua.notConnected',
  BadSessionIdInvalid: 'opcua.notConnected',
  BadConnectionClosed: 'opcua.notConnected',
  BadSecureChannelClosed: 'opcua.notConnected',
  BadTypeMismatch: 'opcua.typeMismatch',
  BadOutOfRange: 'opcua.outOfRange',
  BadDeviceFailure: 'opcua.deviceFailure',
  BadSensorFailure: 'opcua.deviceFailure',
  BadNodeIdUnknown: 'opcua.addressUnknown',
  BadNodeIdInvalid: 'opcua.addressUnknown',
};

/** An OPC UA failure (platform/opcua's OpcuaError) in words: what happened with the controller and what to do. */
export function explainOpcua(e: { code: string; message: string; status?: string }): Explained {
  const technical = technicalOf([e.message, e.status, e.code]);
  const byStatus = e.status ? OPCUA_STATUS_KEYS[e.status] : undefined;
  if (byStatus) return { msg: msg(byStatus), technical };
  const key =
    e.code === 'NOT_CONNECTED' ? 'opcua.notConnected'
    : e.code === 'UNREACHABLE' ? 'opcua.unreachable'
    : e.code === 'CERTIFICATE_UNTRUSTED' ? 'opcua.certificateUntrusted'
    : e.code === 'CLIENT_CERTIFICATE_REFUSED' || e.code === 'CERTIFICATE_USE_NOT_ALLOWED' ? 'opcua.ownCertificateRefused'
    : e.code === 'SECURITY_POLICY_REJECTED' ? 'opcua.securityPolicy'
    : e.code === 'ACCESS_DENIED' ? 'opcua.accessDenied'
    : e.code === 'TOO_MANY_SESSIONS' ? 'opcua.tooManySessions'
    : e.code === 'NAMESPACE_UNKNOWN' || e.code === 'NODE_UNKNOWN' ? 'opcua.addressUnknown'
    : e.code === 'WRITE_FAILED' ? 'opcua.writeFailed'
    : e.code === 'CONFIG' ? 'opcua.config'
    : 'opcua.failed';
  return { msg: msg(key), technical };
}
