/**
 * OData V2 `$batch` bodies (multipart/mixed, CRLF line ends). Used by the SAP adapter to write and by
 * the SAP sandbox to read, so both sides share one understanding of the format, and by tests that
 * check it against hand-written bodies from the contract.
 */
const CRLF = '\r\n';

export interface BatchRequest {
  method: string;
  /** Relative to the service root: `ProdnOrdConf2`, `CancelProdnOrdConf?ConfirmationGroup='1'&…`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One changeset per entry of `changesets`: each commits or fails on its own. */
export function buildBatch(boundary: string, changesets: readonly (readonly BatchRequest[])[]): string {
  let out = '';
  changesets.forEach((cs, i) => {
    const cb = `changeset_${boundary}_${i}`;
    out += `--${boundary}${CRLF}Content-Type: multipart/mixed; boundary=${cb}${CRLF}${CRLF}`;
    for (const r of cs) {
      out += `--${cb}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}`;
      out += `${r.method} ${r.path} HTTP/1.1${CRLF}`;
      const headers = { ...(r.body !== undefined ? { 'Content-Type': 'application/json' } : {}), Accept: 'application/json', ...(r.headers ?? {}) };
      for (const [k, v] of Object.entries(headers)) out += `${k}: ${v}${CRLF}`;
      out += CRLF + (r.body ?? '') + CRLF;
    }
    out += `--${cb}--${CRLF}`;
  });
  out += `--${boundary}--${CRLF}`;
  return out;
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  return m ? m[2]! : null;
}

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

/** Splits a multipart body into its parts (headers lower-cased). Tolerates LF-only line ends. */
export function splitMultipart(body: string, boundary: string): MimePart[] {
  const delim = `--${boundary}`;
  const pieces = body.split(delim);
  const parts: MimePart[] = [];
  for (let i = 1; i < pieces.length; i++) {
    let p = pieces[i]!;
    if (p.startsWith('--')) break; // closing delimiter
    p = p.replace(/^\r?\n/, '');
    const sep = /\r?\n\r?\n/.exec(p);
    const head = sep ? p.slice(0, sep.index) : p;
    let rest = sep ? p.slice(sep.index + sep[0].length) : '';
    rest = rest.replace(/\r?\n$/, '');
    parts.push({ headers: parseHeaderLines(head), body: rest });
  }
  return parts;
}

function parseHeaderLines(text: string): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

export interface EmbeddedHttp {
  /** Request line (`POST ProdnOrdConf2`) or status line (`201`) parsed. */
  method?: string;
  path?: string;
  status?: number;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP message inside an `application/http` part. */
export function parseEmbeddedHttp(text: string): EmbeddedHttp {
  const sep = /\r?\n\r?\n/.exec(text);
  const head = sep ? text.slice(0, sep.index) : text;
  const body = sep ? text.slice(sep.index + sep[0].length).replace(/\r?\n$/, '') : '';
  const [first = '', ...rest] = head.split(/\r?\n/);
  const headers = parseHeaderLines(rest.join('\n'));
  const status = /^HTTP\/1\.[01]\s+(\d{3})/.exec(first);
  if (status) return { status: Number(status[1]), headers, body };
  const reqLine = /^([A-Z]+)\s+(\S+)\s+HTTP\/1\.[01]/.exec(first);
  return { method: reqLine?.[1], path: reqLine?.[2], headers, body };
}

export interface BatchResponsePart {
  /** Responses of one changeset (each one per request), or the single error part of a failed one. */
  responses: EmbeddedHttp[];
  failed: boolean;
}

/** One entry per changeset answered, in order; a server that stopped early gives fewer entries. */
export function parseBatchResponse(body: string, contentType: string | undefined): BatchResponsePart[] | null {
  const b = boundaryOf(contentType);
  if (!b) return null;
  return splitMultipart(body, b).map((part) => {
    const ct = part.headers['content-type'] ?? '';
    if (ct.startsWith('multipart/mixed')) {
      const inner = boundaryOf(ct);
      const responses = inner ? splitMultipart(part.body, inner).map((p) => parseEmbeddedHttp(p.body)) : [];
      return { responses, failed: responses.some((r) => (r.status ?? 500) >= 400) };
    }
    const single = parseEmbeddedHttp(part.body);
    return { responses: [single], failed: (single.status ?? 500) >= 400 };
  });
}

/** Builds a response body in the same format (the sandbox answers with this). */
export function buildBatchResponse(boundary: string, parts: readonly ({ kind: 'changeset'; responses: readonly { status: number; statusText: string; body: string; headers?: Record<string, string> }[] } | { kind: 'error'; status: number; statusText: string; body: string })[]): string {
  const msg = (status: number, text: string, body: string, headers: Record<string, string> = {}) =>
    `HTTP/1.1 ${status} ${text}${CRLF}Content-Type: application/json${CRLF}${Object.entries(headers).map(([k, v]) => `${k}: ${v}${CRLF}`).join('')}${CRLF}${body}${CRLF}`;
  let out = '';
  parts.forEach((p, i) => {
    out += `--${boundary}${CRLF}`;
    if (p.kind === 'error') {
      out += `Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}${msg(p.status, p.statusText, p.body)}`;
      return;
    }
    const cb = `cs${i}_${boundary}`;
    out += `Content-Type: multipart/mixed; boundary=${cb}${CRLF}${CRLF}`;
    for (const r of p.responses) out += `--${cb}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}${msg(r.status, r.statusText, r.body, r.headers)}`;
    out += `--${cb}--${CRLF}`;
  });
  out += `--${boundary}--${CRLF}`;
  return out;
}
