import { randomBytes, randomUUID } from 'node:crypto';
import { SandboxBase, sendJson, type RequestCtx } from './sandboxBase.ts';

export interface XsuaaSandboxOptions {
  port?: number;
  /** OAuth clients of the service key: clientid → clientsecret (ids like "sb-plant-console!t42"). */
  clients: Record<string, string>;
  /** expires_in of an issued token, seconds (XSUAA's default is 43199, twelve hours). */
  tokenTtlS?: number;
}

export interface XsuaaSandbox {
  /** The service key's `url`: the token endpoint is `${url}/oauth/token`. */
  url: string;
  tokenUrl: string;
  /** Whether a bearer token was issued here and has not expired or been revoked (what the API side checks). */
  valid(token: string): boolean;
  /** Every token issued so far stops being accepted (a key rotation, a revoked client). */
  revokeAll(): void;
  tokenRequests(): number;
  close(): Promise<void>;
}

/**
 * The SAP BTP token endpoint (XSUAA, SAP Authorization and Trust Management service) as far as a client
 * credentials grant goes, written from SAP's documentation:
 * - "Getting an Application Access Token" (SAP BTP, Cloud Foundry; help.sap.com loio 6391b5dfe4704c6c8b71a32126828e9c,
 *   github.com/SAP-docs/btp-cloud-platform docs/30-development/getting-an-application-access-token-6391b5d.md):
 *   `POST <url>/oauth/token`, `Content-Type: application/x-www-form-urlencoded`, `grant_type=client_credentials`,
 *   `Authorization: Basic <base64.encoded(client_id:client_secret)>`; the answer is JSON with `access_token`
 *   (a JWT), `token_type` "bearer", `expires_in` (seconds, 43199 in the example), `scope`, `jti`.
 * - "OAuth 2.0 Client Credentials" (SAP Help, asset central foundation): Token URL = `uaa.url + 'oauth/token'`.
 * Client authentication is HTTP Basic decoded as UAA does it, without URL-decoding (cloudfoundry/uaa#778), so a
 * client that form-encodes `!` in "sb-…!t42" is refused as it would be. Bad credentials get 401
 * `{"error":"unauthorized","error_description":"Bad credentials"}` (UAA's answer). The access token here is an
 * opaque random string, not a signed JWT: the console never reads a token's content, only sends it.
 */
export async function startXsuaaSandbox(opts: XsuaaSandboxOptions): Promise<XsuaaSandbox> {
  const base = new SandboxBase();
  const issued = new Map<string, number>(); // token → expires at (ms)
  let requests = 0;
  const handle = async (ctx: RequestCtx): Promise<void> => {
    const { req, res, url } = ctx;
    if (url.pathname !== '/oauth/token' || req.method !== 'POST') return sendJson(res, 404, { error: 'not_found' });
    requests += 1;
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'invalid_request', error_description: 'form-urlencoded body required' });
    const form = new URLSearchParams(ctx.body);
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const raw = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
    const colon = raw.indexOf(':');
    const id = colon > 0 ? raw.slice(0, colon) : (form.get('client_id') ?? '');
    const secret = colon > 0 ? raw.slice(colon + 1) : (form.get('client_secret') ?? '');
    if (!id || opts.clients[id] === undefined || opts.clients[id] !== secret) return sendJson(res, 401, { error: 'unauthorized', error_description: 'Bad credentials' });
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${form.get('grant_type') ?? '(none)'}` });
    const ttl = opts.tokenTtlS ?? 43_199;
    const token = randomBytes(32).toString('base64url');
    issued.set(token, Date.now() + ttl * 1000);
    return sendJson(res, 200, { access_token: token, token_type: 'bearer', expires_in: ttl, scope: 'uaa.resource', jti: randomUUID().replace(/-/g, '') }, { 'cache-control': 'no-store' });
  };
  const server = await base.listen(opts.port ?? 0, handle, async () => false);
  return {
    url: server.url,
    tokenUrl: `${server.url}/oauth/token`,
    valid: (t) => (issued.get(t) ?? 0) > Date.now(),
    revokeAll: () => issued.clear(),
    tokenRequests: () => requests,
    close: server.close,
  };
}
