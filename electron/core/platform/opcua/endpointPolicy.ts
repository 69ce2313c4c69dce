/**
 * Endpoint selection (opcua-notes §2): keep the mode/policy pairs the console allows, rank them, and when
 * nothing is left refuse with a sentence that lists what the controller offers. Pure, so the ranking and the
 * refusal wording are unit-tested without a server.
 */

export interface OfferedEndpoint {
  /** 'None' | 'Sign' | 'SignAndEncrypt' */
  mode: string;
  /** Short policy name, e.g. 'Basic256Sha256' (from the URI's fragment). */
  policy: string;
  securityLevel: number;
}

/** Best first (opcua-notes §2). */
export const POLICY_PREFERENCE = ['Aes256_Sha256_RsaPss', 'Aes128_Sha256_RsaOaep', 'Basic256Sha256'] as const;
export const REFUSED_POLICIES = ['Basic128Rsa15', 'Basic256'] as const;

/** 'http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256' → 'Basic256Sha256'. */
export function policyName(uri: string | null | undefined): string {
  if (!uri) return 'None';
  const i = uri.lastIndexOf('#');
  return i >= 0 ? uri.slice(i + 1) : uri;
}

export function describeOffer(e: OfferedEndpoint): string {
  return e.mode === 'None' ? 'None' : `${e.mode}/${e.policy}`;
}

export type EndpointChoice =
  | { ok: true; mode: string; policy: string; ranked: OfferedEndpoint[] }
  | { ok: false; offered: string[]; message: string };

/**
 * Ranks what the controller offers. `allowNone` only for a demo plant that says so. SignAndEncrypt beats Sign
 * (Sign only when `allowSignOnly`), then policy preference, then the server's securityLevel.
 */
export function chooseEndpoint(offers: readonly OfferedEndpoint[], opts: { allowNone: boolean; allowSignOnly: boolean }): EndpointChoice {
  const acceptable = offers.filter((e) => {
    if (e.mode === 'None' || e.policy === 'None') return opts.allowNone && e.mode === 'None' && e.policy === 'None';
    if (!(POLICY_PREFERENCE as readonly string[]).includes(e.policy)) return false;
    return e.mode === 'SignAndEncrypt' || (e.mode === 'Sign' && opts.allowSignOnly);
  });
  const rank = (e: OfferedEndpoint): number[] => [
    e.mode === 'SignAndEncrypt' ? 0 : e.mode === 'Sign' ? 1 : 2,
    e.policy === 'None' ? 99 : (POLICY_PREFERENCE as readonly string[]).indexOf(e.policy),
    -e.securityLevel,
  ];
  const ranked = [...acceptable].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
  const best = ranked[0];
  if (best) return { ok: true, mode: best.mode, policy: best.policy, ranked };
  const offered = [...new Set(offers.map(describeOffer))];
  const refused = offered.filter((o) => REFUSED_POLICIES.some((p) => o.endsWith(`/${p}`)));
  return {
    ok: false,
    offered,
    message:
      `The controller offers only ${offered.length ? offered.join(', ') : 'no endpoints'}; the console needs SignAndEncrypt with ` +
      `${POLICY_PREFERENCE.join(', ')}${opts.allowNone ? ' (or None for this demo plant)' : ''}.` +
      (refused.length ? ` ${refused.map((r) => r.split('/')[1]).join(' and ')} ${refused.length > 1 ? 'are' : 'is'} deprecated and refused.` : ''),
  };
}
