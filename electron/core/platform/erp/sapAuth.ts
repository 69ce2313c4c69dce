import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { OutboxError } from '../outbox/outboxTypes.ts';
import type { OAuthClientCredentials } from '../../../../shared/domain/plantConfig.ts';
import { createClientCredentials, type TokenSource } from '../net/oauthClientCredentials.ts';
import type { SecretStore } from '../ports/ports.ts';
import { type HttpRequest, type HttpResult, httpRequest } from './httpClient.ts';
import { outboxError } from './sapErrors.ts';

export interface SapSignInOptions {
  credentialsSecret: string;
  secrets: SecretStore;
  /** SAP BTP: OAuth 2.0 client credentials (the XSUAA `…/oauth/token`); without it, Basic with the stored account. */
  token?: TokenSource;
}

/**
 * How the console signs in to SAP: a bearer token from the OAuth client when one is configured (SAP BTP;
 * fetched, cached and refreshed by platform/net/oauthClientCredentials.ts), else Basic with the stored
 * "user:password". Used by the confirmation adapter and the holds (material document) sender alike, so both
 * send the same `Authorization` on every request, the CSRF fetch and `$batch` included.
 */
export function sapAuthorization(o: SapSignInOptions): () => Promise<Result<string, OutboxError>> {
  return async () => {
    if (o.token) {
      const t = await o.token.authorization();
      if (t.ok) return okResult(t.value);
      return errResult(outboxError(t.error.config ? 'config' : 'transient', `no sign-in token for the ERP: ${t.error.message}`));
    }
    const r = await o.secrets.read(o.credentialsSecret);
    if (!r.ok) return errResult(outboxError('config', r.error === 'NOT_FOUND' ? `no ERP credentials stored under "${o.credentialsSecret}"; enter them in settings` : 'the secret store is not available'));
    return okResult(`Basic ${Buffer.from(r.value, 'utf8').toString('base64')}`);
  };
}

/**
 * One request to SAP with the sign-in header. A 401 means nothing was applied; with an OAuth token it most
 * often means the token was revoked or expired early (clock skew), so the token is dropped, a new one is
 * fetched, and the request goes once more. A second 401 is the answer. The token never leaves this function
 * except in the request's header.
 */
export async function sapRequest(
  o: SapSignInOptions,
  authorization: () => Promise<Result<string, OutboxError>>,
  build: (authz: string) => HttpRequest,
): Promise<Result<HttpResult, OutboxError>> {
  for (let round = 0; ; round++) {
    const a = await authorization();
    if (!a.ok) return errResult(a.error);
    const r = await httpRequest(build(a.value));
    if (r.ok && r.value.status === 401 && o.token && round === 0) {
      o.token.invalidate(a.value);
      continue;
    }
    return okResult(r);
  }
}

/**
 * httpRequest for callers that set the `authorization` header themselves (the holds sender): the same
 * refresh-once as sapRequest, the header replaced by a fresh token's on the second try.
 */
export function signedHttp(o: SapSignInOptions, authorization: () => Promise<Result<string, OutboxError>>): (req: HttpRequest) => Promise<HttpResult> {
  return async (req) => {
    const first = await httpRequest(req);
    if (!(first.ok && first.value.status === 401 && o.token)) return first;
    o.token.invalidate(req.headers?.authorization);
    const a = await authorization();
    if (!a.ok) return first;
    return httpRequest({ ...req, headers: { ...req.headers, authorization: a.value } });
  };
}

/** The sentence for a 401 that survived a fresh token (or Basic credentials SAP refused). */
export const refusedSignIn = (o: SapSignInOptions): string =>
  o.token ? 'the ERP refused the OAuth token even after a fresh one was fetched (401); check the OAuth client\'s roles for this API' : 'the ERP refused the stored credentials (401)';

/**
 * The token source for an SAP BTP target (`erp.oauth`): client credentials at the XSUAA token endpoint
 * (`<uaa.url>/oauth/token`, grant_type=client_credentials, client authenticated with HTTP Basic as SAP documents).
 */
export function erpTokenSource(cfg: OAuthClientCredentials, deps: { secrets: SecretStore; now?: () => number; timeoutMs?: number }): TokenSource {
  return createClientCredentials(cfg, { ...deps, clientAuth: 'basic-raw' });
}
