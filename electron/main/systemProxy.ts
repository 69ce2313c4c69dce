/**
 * The desktop app's system proxy for the ERP and CMMS (issue 16, "Plant networks"). The core runs in a Node
 * utility process and connects with Node's own agents (platform/net/netAgents.ts), which know the proxy only
 * from HTTPS_PROXY/NO_PROXY. A plant workstation's proxy is usually set by the operating system (Windows
 * Internet Options, a PAC file, WPAD). So the main process asks Chromium's resolver, which applies those
 * settings: `session.defaultSession.resolveProxy(url)` ("Resolves with the proxy information for url",
 * electron.d.ts, Electron 45) for each configured ERP/CMMS address and OAuth token endpoint, and hands the
 * answers to the core in HostInit.systemProxies (origin → proxy URL, or null for DIRECT).
 *
 * The answer is a PAC result string as Chromium writes it (net::ProxyList::ToPacString): entries separated by
 * ";", each "DIRECT", "PROXY host:port", "HTTPS host:port", "SOCKS host:port", "SOCKS4 …", "SOCKS5 …"
 * (PAC: "Navigator Proxy Auto-Config File Format", FindProxyForURL return values). Node's proxy support takes
 * http:// and https:// proxies only, so the first PROXY/HTTPS/DIRECT entry is used and SOCKS entries are
 * skipped; a list with nothing else is "unsupported" and the core is told nothing (it connects as configured).
 *
 * Precedence (docs/cmms.md "Plant network settings"): a target's `network.proxy` URL or "none" in the plant
 * configuration wins; with "environment" (the default), HTTPS_PROXY/HTTP_PROXY set for the console's process
 * win (an administrator who set them meant them); the system's answer applies only when they are not set.
 */

export type SystemProxy = { kind: 'proxy'; url: string } | { kind: 'direct' } | { kind: 'unsupported'; pac: string };

/** One PAC result string → what the core should use. Pure; see the module comment for the format. */
export function proxyFromPac(pac: string): SystemProxy {
  const entries = pac
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  for (const e of entries) {
    const m = /^([A-Za-z0-9]+)(?:\s+(\S+))?$/.exec(e);
    if (!m) continue;
    const kind = m[1]!.toUpperCase();
    const where = m[2];
    if (kind === 'DIRECT') return { kind: 'direct' };
    if ((kind === 'PROXY' || kind === 'HTTPS') && where && /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(where)) {
      const scheme = kind === 'HTTPS' ? 'https' : 'http';
      // PAC omits the port when it is the scheme's default; Chromium fills it in, so this is a fallback only.
      const port = /:\d{1,5}$/.test(where) ? '' : kind === 'HTTPS' ? ':443' : ':80';
      return { kind: 'proxy', url: `${scheme}://${where}${port}` };
    }
  }
  return entries.length === 0 ? { kind: 'direct' } : { kind: 'unsupported', pac };
}

/**
 * The addresses the core will call, read from the plant configuration's JSON (never validated here: the core
 * does that and refuses a bad file; main only needs the URLs): ERP and CMMS base URLs and OAuth token endpoints.
 */
export function targetUrls(config: unknown): string[] {
  const out = new Set<string>();
  const rec = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const c = rec(config);
  for (const k of ['erp', 'cmms']) {
    const t = rec(c?.[k]);
    for (const u of [t?.baseUrl, rec(t?.oauth)?.tokenUrl]) {
      if (typeof u !== 'string') continue;
      try {
        const url = new URL(u);
        if (url.protocol === 'http:' || url.protocol === 'https:') out.add(url.href);
      } catch {
        // not a URL: the core says so when it reads the configuration
      }
    }
  }
  return [...out];
}

/** origin → proxy URL (null: DIRECT). Unsupported answers and failed look-ups are left out and reported. */
export async function resolveSystemProxies(
  urls: readonly string[],
  resolveProxy: (url: string) => Promise<string>,
  report: (msg: string, fields: Record<string, unknown>) => void,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const u of urls) {
    const origin = new URL(u).origin;
    let pac: string;
    try {
      pac = await resolveProxy(u);
    } catch (e) {
      report('The system proxy for an ERP/CMMS address could not be looked up; the console connects as configured', { origin, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const p = proxyFromPac(pac);
    if (p.kind === 'unsupported') report('The system proxy for an ERP/CMMS address is a kind the console cannot use (SOCKS); it connects as configured', { origin, pac });
    else out[origin] = p.kind === 'proxy' ? p.url : null;
  }
  return out;
}
