// oauth4webapi is loaded when a token is first needed, not with the core: most plants configure no OAuth target,
// and the library cost about 2 MB of V8 heap and 4 MB of RSS in every console (measured importing the core with
// and without it; test/electron/core/platform/net/oauthLazy.test.ts).
import type * as OAuth from 'oauth4webapi';
import type { OAuthClientCredentials } from '../../../../shared/domain/plantConfig.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { httpRequest } from '../erp/httpClient.ts';

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) through oauth4webapi: the token is fetched when first needed,
 * kept in memory only, and fetched again before it expires (a minute early, or a tenth of its life when that
 * is shorter), one request at a time however many callers wait. The token and the client secret never go
 * into a message, a log line or the database. The request goes through httpClient, so the target's proxy,
 * company CAs and client certificate apply to the token endpoint too.
 */
export interface TokenSource {
  /** `Bearer …` for the Authorization header, or why there is none (in words, without secrets). */
  authorization(): Promise<Result<string, { message: string; config: boolean }>>;
  /**
   * After a 401 from the API: the token was revoked or the clock is off; fetch a new one next time.
   * `used`: the Authorization header the refused request carried; a token fetched since (by a request that
   * ran alongside) is kept, so requests refused with the old token do not each throw the new one away.
   */
  invalidate(used?: string): void;
  /** For the connection check: when the current token expires (ms since epoch), or null. */
  expiresAt(): number | null;
}

export interface TokenSourceDeps {
  secrets: { read(name: string): Promise<Result<string, 'NOT_FOUND' | 'UNAVAILABLE'>> };
  now?: () => number;
  timeoutMs?: number;
  /**
   * How the client authenticates at the token endpoint. `post` (default): client_id and client_secret in the
   * form body (ServiceNow's oauth_token.do). `basic-raw`: `Authorization: Basic base64(client_id:client_secret)`
   * WITHOUT the form-encoding of RFC 6749 §2.3.1, as SAP documents for XSUAA's `<uaa.url>/oauth/token`
   * ("Basic <base64.encoded(client_id:client_secret)>", SAP BTP "Getting an Application Access Token") and
   * as UAA decodes it (cloudfoundry/uaa#778: no URL-decoding); XSUAA client ids carry `!` (`sb-app!t123`) and
   * secrets often `$`, `=` or `+`, which the RFC's encoding would change.
   */
  clientAuth?: 'post' | 'basic-raw';
}

/** XSUAA's Basic client authentication: the client id and secret as they are, base64 (see clientAuth). */
function basicRaw(secret: string): OAuth.ClientAuth {
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${client.client_id}:${secret}`, 'utf8').toString('base64')}`);
  };
}

const isLoopback = (u: URL) => u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';

/** fetch for oauth4webapi on top of httpClient (one exchange, no retries of its own). */
function fetchVia(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
    const r = await httpRequest({ method: init?.method ?? 'GET', url, headers, body, timeoutMs });
    if (!r.ok) throw new Error(r.error.message);
    const h = new Headers();
    for (const [k, v] of Object.entries(r.value.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
    return new Response(r.value.body, { status: r.value.status, headers: h });
  };
}

export function createClientCredentials(cfg: OAuthClientCredentials, deps: TokenSourceDeps): TokenSource {
  const now = deps.now ?? Date.now;
  const tokenUrl = new URL(cfg.tokenUrl);
  const as: OAuth.AuthorizationServer = { issuer: tokenUrl.origin, token_endpoint: tokenUrl.href };
  const client: OAuth.Client = { client_id: cfg.clientId };
  const optionsOf = (oauth: typeof OAuth) => ({ [oauth.customFetch]: fetchVia(deps.timeoutMs ?? 30_000), ...(tokenUrl.protocol === 'http:' && isLoopback(tokenUrl) ? { [oauth.allowInsecureRequests]: true } : {}) });
  let token: { value: string; refreshAt: number; expiresAt: number } | null = null;
  let inflight: Promise<Result<string, { message: string; config: boolean }>> | null = null;

  async function fetchToken(): Promise<Result<string, { message: string; config: boolean }>> {
    const secret = await deps.secrets.read(cfg.clientSecretSecret);
    if (!secret.ok) return errResult({ message: secret.error === 'NOT_FOUND' ? `no OAuth client secret stored under "${cfg.clientSecretSecret}"; enter it in settings` : 'the secret store is not available', config: secret.error === 'NOT_FOUND' });
    const oauth = await import('oauth4webapi');
    try {
      const started = now();
      const res = await oauth.clientCredentialsGrantRequest(as, client, deps.clientAuth === 'basic-raw' ? basicRaw(secret.value) : oauth.ClientSecretPost(secret.value), new URLSearchParams(cfg.scope ? { scope: cfg.scope } : {}), optionsOf(oauth));
      const t = await oauth.processClientCredentialsResponse(as, client, res);
      const life = (typeof t.expires_in === 'number' && t.expires_in > 0 ? t.expires_in : 300) * 1000;
      token = { value: t.access_token, expiresAt: started + life, refreshAt: started + life - Math.min(60_000, life / 10) };
      return okResult(`Bearer ${t.access_token}`);
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError) {
        // 401 is a refused client whatever the code says (UAA/XSUAA answers `unauthorized`, "Bad credentials").
        const refused = e.status === 400 || e.status === 401;
        return errResult({ message: `the token service at ${tokenUrl.origin} refused the client "${cfg.clientId}" (${e.error}${e.error_description ? `: ${e.error_description}` : ''})`, config: refused && (e.status === 401 || e.error === 'invalid_client' || e.error === 'unauthorized_client' || e.error === 'unsupported_grant_type' || e.error === 'invalid_scope') });
      }
      if (e instanceof oauth.WWWAuthenticateChallengeError) {
        // 401 with a challenge (RFC 6749 §5.2: client authentication failed); the body may still name the error.
        const body = (await e.response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
        const code = typeof body.error === 'string' ? body.error : 'invalid_client';
        return errResult({ message: `the token service at ${tokenUrl.origin} refused the client "${cfg.clientId}" (${code}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''})`, config: e.status === 401 || e.status === 400 });
      }
      return errResult({ message: `no token from ${tokenUrl.origin}: ${(e as Error).message}`, config: false });
    }
  }

  return {
    async authorization() {
      if (token && now() < token.refreshAt) return okResult(`Bearer ${token.value}`);
      inflight ??= fetchToken().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(used) {
      if (used === undefined || (token !== null && `Bearer ${token.value}` === used)) token = null;
    },
    expiresAt: () => token?.expiresAt ?? null,
  };
}
