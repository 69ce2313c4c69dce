/**
 * The SAP sandbox's own reading and writing of OData V2 `$batch` bodies, written from the specifications
 * and NOT from the adapter's shared/erp/odataBatch.ts, so that a framing mistake in the adapter is not
 * mirrored here and passes unnoticed:
 * - RFC 2046 §5.1.1 (multipart): a delimiter is CRLF "--" boundary at the start of a line (the very first may
 *   open the body); the CRLF before a delimiter belongs to the delimiter, not to the part; after the
 *   boundary, optional linear white space then CRLF; the close delimiter adds "--"; preamble and epilogue
 *   are ignored; header and body of a part are separated by the first empty line.
 * - RFC 2045 §5.1 (Content-Type parameters): `boundary` is a token or a quoted string, 1–70 characters.
 * - OData V2 "Batch Processing" (odata.org, OData Version 2.0 documentation §2.2): the batch is
 *   multipart/mixed; each part is either `application/http` with `Content-Transfer-Encoding: binary`
 *   holding one retrieve request (GET), or a `multipart/mixed` changeset whose parts are `application/http`
 *   requests that change data (no GET in a changeset). The response has one part per request part: a
 *   retrieve's response, a changeset's multipart of responses, or, for a failed changeset, one
 *   `application/http` error response in its place.
 * Anything else is refused with the reason, as SAP Gateway refuses a malformed batch with 400.
 */
const CRLF = '\r\n';

export class BatchFormatError extends Error {}

export interface WireRequest {
  method: string;
  /** As written in the request line (relative to the service root). */
  target: string;
  headers: Record<string, string>;
  body: string;
}

export type WirePart = { kind: 'retrieve'; request: WireRequest } | { kind: 'changeset'; requests: WireRequest[] };

/** RFC 2045 §5.1: the `boundary` parameter of a multipart Content-Type, or an error. */
export function boundaryParam(contentType: string | undefined): string {
  if (!contentType) throw new BatchFormatError('Content-Type is missing');
  const [type, ...params] = splitParams(contentType);
  if (type!.toLowerCase() !== 'multipart/mixed') throw new BatchFormatError(`Content-Type must be multipart/mixed, not ${type}`);
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) {
      if (!v.endsWith('"') || v.length < 2) throw new BatchFormatError('the boundary parameter has an unterminated quote');
      v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (v.length < 1 || v.length > 70) throw new BatchFormatError('the boundary must be 1 to 70 characters (RFC 2046)');
    if (!/^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/.test(v)) throw new BatchFormatError(`the boundary "${v}" has characters RFC 2046 does not allow`);
    return v;
  }
  throw new BatchFormatError('multipart/mixed without a boundary parameter');
}

/** Splits `type; a=b; c="d;e"` at semicolons outside quotes. */
function splitParams(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' && s[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** RFC 2046 §5.1.1: the body parts between the first delimiter and the close delimiter. */
export function multipartBodies(body: string, boundary: string): string[] {
  const dash = `--${boundary}`;
  // Delimiter positions: at offset 0, or right after a CRLF.
  const found: { at: number; end: number; close: boolean }[] = [];
  let from = 0;
  for (;;) {
    const i = body.indexOf(dash, from);
    if (i < 0) break;
    from = i + dash.length;
    if (i !== 0 && body.slice(i - 2, i) !== CRLF) continue; // not at the start of a line: part of the content
    let j = i + dash.length;
    const close = body.startsWith('--', j);
    if (close) j += 2;
    while (body[j] === ' ' || body[j] === '\t') j++; // transport padding
    if (!close) {
      if (!body.startsWith(CRLF, j)) throw new BatchFormatError(`the delimiter --${boundary} is not followed by CRLF (found ${JSON.stringify(body.slice(j, j + 2))})`);
      j += 2;
    }
    found.push({ at: i, end: j, close });
    if (close) break;
  }
  if (found.length === 0) throw new BatchFormatError(`no delimiter --${boundary} in the body`);
  if (!found[found.length - 1]!.close) throw new BatchFormatError(`the close delimiter --${boundary}-- is missing`);
  const parts: string[] = [];
  for (let k = 0; k + 1 < found.length; k++) {
    const start = found[k]!.end;
    const next = found[k + 1]!.at;
    // The CRLF before the next delimiter belongs to it (the first delimiter at 0 has none).
    if (next < start + 2 || body.slice(next - 2, next) !== CRLF) throw new BatchFormatError('a body part is not ended by CRLF before the next delimiter');
    parts.push(body.slice(start, next - 2));
  }
  return parts;
}

/** A MIME entity (or an embedded HTTP message after its first line): headers, empty line, body. */
function headersAndBody(text: string, what: string): { headers: Record<string, string>; body: string } {
  const sep = text.indexOf(CRLF + CRLF);
  const startsEmpty = text.startsWith(CRLF);
  if (sep < 0 && !startsEmpty) throw new BatchFormatError(`${what} has no empty line (CRLF CRLF) after its headers`);
  const head = startsEmpty ? '' : text.slice(0, sep);
  const body = startsEmpty ? text.slice(2) : text.slice(sep + 4);
  const headers: Record<string, string> = {};
  if (head) {
    for (const line of head.split(CRLF)) {
      const c = line.indexOf(':');
      if (c <= 0) throw new BatchFormatError(`${what} has a header line without a name: ${JSON.stringify(line)}`);
      headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
  }
  return { headers, body };
}

function embeddedRequest(part: string, where: string): WireRequest {
  const mime = headersAndBody(part, where);
  const ct = (mime.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct !== 'application/http') throw new BatchFormatError(`${where} must be Content-Type application/http, not "${ct || 'none'}"`);
  if ((mime.headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary') throw new BatchFormatError(`${where} must have Content-Transfer-Encoding: binary`);
  const eol = mime.body.indexOf(CRLF);
  if (eol < 0) throw new BatchFormatError(`${where}: the embedded request has no request line`);
  const line = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(mime.body.slice(0, eol));
  if (!line) throw new BatchFormatError(`${where}: "${mime.body.slice(0, eol)}" is not an HTTP/1.1 request line`);
  const rest = headersAndBody(mime.body.slice(eol + 2), `${where}: the embedded request`);
  // The body runs to the CRLF that belongs to the next delimiter (already cut off), or to Content-Length.
  let body = rest.body;
  const declared = rest.headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    if (Buffer.byteLength(body, 'utf8') < n) throw new BatchFormatError(`${where}: Content-Length ${n} is more than the body`);
    body = Buffer.from(body, 'utf8').subarray(0, n).toString('utf8');
  }
  return { method: line[1]!, target: line[2]!, headers: rest.headers, body };
}

/** Reads a `$batch` request body into retrieve and changeset parts, or throws BatchFormatError. */
export function readBatchRequest(contentType: string | undefined, body: string): WirePart[] {
  const boundary = boundaryParam(contentType);
  return multipartBodies(body, boundary).map((p, i): WirePart => {
    const mime = headersAndBody(p, `batch part ${i + 1}`);
    const ct = mime.headers['content-type'] ?? '';
    if (ct.toLowerCase().startsWith('multipart/mixed')) {
      const inner = boundaryParam(ct);
      if (inner === boundary) throw new BatchFormatError(`changeset ${i + 1} reuses the batch boundary`);
      const requests = multipartBodies(mime.body, inner).map((q, k) => embeddedRequest(q, `changeset ${i + 1}, request ${k + 1}`));
      if (requests.length === 0) throw new BatchFormatError(`changeset ${i + 1} is empty`);
      const get = requests.find((r) => r.method === 'GET');
      if (get) throw new BatchFormatError(`changeset ${i + 1} holds a GET; retrieve requests must stand outside changesets`);
      return { kind: 'changeset', requests };
    }
    const request = embeddedRequest(p, `batch part ${i + 1}`);
    if (request.method !== 'GET') throw new BatchFormatError(`batch part ${i + 1} is a ${request.method} outside a changeset; changing requests must be in a changeset`);
    return { kind: 'retrieve', request };
  });
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers?: Record<string, string>;
  body: string;
}

export type WireAnswer = { kind: 'single'; response: WireResponse } | { kind: 'changeset'; responses: WireResponse[] };

function httpPart(r: WireResponse): string {
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body, 'utf8')), ...(r.headers ?? {}) };
  return `Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}HTTP/1.1 ${r.status} ${r.statusText}${CRLF}${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}${CRLF}`)
    .join('')}${CRLF}${r.body}`;
}

/** The `$batch` response body: one part per request part, CRLF before every delimiter. */
export function writeBatchResponse(boundary: string, answers: readonly WireAnswer[]): string {
  let out = '';
  answers.forEach((a, i) => {
    out += `--${boundary}${CRLF}`;
    if (a.kind === 'single') out += httpPart(a.response);
    else {
      const cs = `changesetresponse_${i}_${boundary.slice(-12)}`;
      out += `Content-Type: multipart/mixed; boundary=${cs}${CRLF}${CRLF}`;
      for (const r of a.responses) out += `--${cs}${CRLF}${httpPart(r)}${CRLF}`;
      out += `--${cs}--`;
    }
    out += CRLF;
  });
  return `${out}--${boundary}--${CRLF}`;
}
