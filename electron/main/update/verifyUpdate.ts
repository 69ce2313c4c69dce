import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parseManifest, type UpdateManifest } from './manifest.ts';

/**
 * Checks an update before anything of it is installed (T29). electron-updater alone is not enough for a
 * plant console (reliability-test-matrix.md rule 9): on Windows a failed Authenticode call is logged and
 * ignored, a CN-only publisher name passes, and an AppImage is checked only against the sha512 in a
 * manifest that anyone controlling the update server can rewrite. So:
 *
 * 1. the manifest must carry a detached Ed25519 signature (`<manifest>.sig`, base64) over its exact bytes,
 *    made with a key pinned in the app (no key is configured yet: with none, every manifest is refused;
 *    docs/security.md);
 * 2. its version must be newer than the running one, never a pre-release (no downgrade, no replay of an
 *    old, validly signed manifest);
 * 3. each downloaded file must match the sha512 and size of the signed manifest;
 * 4. on Windows the signer of the installer must match a full subject DN, not a CN.
 *
 * Every function returns a typed verdict; nothing here throws for bad input.
 */

export type UpdateRejection =
  | 'NO_TRUSTED_KEY'
  | 'BAD_SIGNATURE'
  | 'MANIFEST_UNREADABLE'
  | 'MANIFEST_INVALID'
  | 'NOT_NEWER'
  | 'PRERELEASE'
  | 'SHA512_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'PUBLISHER_MISMATCH'
  | 'FETCH_FAILED';

export type Verdict<T> = { ok: true; value: T } | { ok: false; error: { code: UpdateRejection; message: string } };

const no = <T>(code: UpdateRejection, message: string): Verdict<T> => ({ ok: false, error: { code, message } });

/** Public keys the app trusts for manifests: PEM (SPKI) Ed25519 keys. Bad entries are dropped. */
export function loadPublicKeys(pems: readonly string[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const pem of pems) {
    try {
      const k = createPublicKey(pem);
      if (k.asymmetricKeyType === 'ed25519') keys.push(k);
    } catch {
      // not a key: ignored, and with no key at all every manifest is refused
    }
  }
  return keys;
}

export function verifyManifestSignature(manifest: Uint8Array, signatureB64: string, keys: readonly KeyObject[]): Verdict<true> {
  if (keys.length === 0) return no('NO_TRUSTED_KEY', 'no update signing key is configured; updates cannot be trusted');
  const sigText = signatureB64.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(sigText)) return no('BAD_SIGNATURE', 'the signature is not a base64 Ed25519 signature');
  const sig = Buffer.from(sigText, 'base64');
  for (const key of keys) {
    try {
      if (verify(null, manifest, key, sig)) return { ok: true, value: true };
    } catch {
      // a malformed key or signature is simply not a match
    }
  }
  return no('BAD_SIGNATURE', 'the manifest signature does not match any trusted update key');
}

interface SemVer {
  parts: [number, number, number];
  pre: string | null;
}

function parseVersion(v: string): SemVer | null {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(v);
  if (!m) return null;
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null };
}

/** Newer than `current` and a release (allowPrerelease and allowDowngrade are off). */
export function checkVersion(offered: string, current: string): Verdict<true> {
  const o = parseVersion(offered);
  const c = parseVersion(current);
  if (!o || !c) return no('MANIFEST_INVALID', `not a version: ${!o ? offered : current}`);
  if (o.pre !== null) return no('PRERELEASE', `${offered} is a pre-release`);
  for (let i = 0; i < 3; i += 1) {
    if (o.parts[i]! > c.parts[i]!) return { ok: true, value: true };
    if (o.parts[i]! < c.parts[i]!) return no('NOT_NEWER', `${offered} is older than the installed ${current}`);
  }
  // Same numbers: only a release replacing a pre-release of them is newer.
  if (c.pre !== null) return { ok: true, value: true };
  return no('NOT_NEWER', `${offered} is already installed`);
}

/** Signature, then content, then version: the manifest that passes is the one to download from. */
export function verifyManifest(manifest: Uint8Array, signatureB64: string, keys: readonly KeyObject[], currentVersion: string): Verdict<UpdateManifest> {
  const sig = verifyManifestSignature(manifest, signatureB64, keys);
  if (!sig.ok) return sig;
  const parsed = parseManifest(Buffer.from(manifest).toString('utf8'));
  if (!parsed.ok) return no(parsed.error.code, parsed.error.message);
  const v = checkVersion(parsed.value.version, currentVersion);
  if (!v.ok) return v;
  return { ok: true, value: parsed.value };
}

const sha512Equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  return x.length === 64 && y.length === 64 && timingSafeEqual(x, y);
};

export function verifyArtifactBytes(bytes: Uint8Array, expected: { sha512: string; size: number }): Verdict<true> {
  if (bytes.byteLength !== expected.size) return no('SIZE_MISMATCH', `the file has ${bytes.byteLength} bytes, the manifest says ${expected.size}`);
  const got = createHash('sha512').update(bytes).digest('base64');
  return sha512Equal(got, expected.sha512) ? { ok: true, value: true } : no('SHA512_MISMATCH', 'the file does not match the signed manifest (sha512)');
}

/** The same check for a downloaded installer on disk, streamed (installers are large). */
export async function verifyArtifactFile(file: string, expected: { sha512: string; size: number }): Promise<Verdict<true>> {
  const hash = createHash('sha512');
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      const b = chunk as Buffer;
      size += b.byteLength;
      hash.update(b);
    }
  } catch (e) {
    return no('FETCH_FAILED', `cannot read the downloaded file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (size !== expected.size) return no('SIZE_MISMATCH', `the file has ${size} bytes, the manifest says ${expected.size}`);
  return sha512Equal(hash.digest('base64'), expected.sha512) ? { ok: true, value: true } : no('SHA512_MISMATCH', 'the file does not match the signed manifest (sha512)');
}

/**
 * An X.500 subject DN as a canonical set of `KEY=value` pairs (keys upper-cased, values trimmed, order
 * ignored, `\,` escapes and quoted values honoured), or null if it does not parse.
 */
export function canonicalDn(dn: string): string[] | null {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < dn.length; i += 1) {
    const ch = dn[i]!;
    if (ch === '\\' && i + 1 < dn.length) {
      cur += dn[i + 1];
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if ((ch === ',' || ch === ';' || ch === '+') && !quoted) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (quoted) return null;
  parts.push(cur);
  const out: string[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    const key = p.slice(0, eq).trim().toUpperCase();
    const value = p.slice(eq + 1).trim();
    if (!/^[A-Z][A-Z0-9.]*$/.test(key) || value === '') return null;
    out.push(`${key}=${value}`);
  }
  return out.sort();
}

/**
 * The installer's signer against the configured publishers: the whole subject DN must match one of them.
 * A configured name with only a CN is refused as configuration (anyone can buy a certificate with any CN
 * from some CA; electron-updater would accept it with a warning).
 */
export function verifyPublisher(signerDn: string, allowedDns: readonly string[]): Verdict<true> {
  const signer = canonicalDn(signerDn);
  if (!signer) return no('PUBLISHER_MISMATCH', 'the installer signer is not a distinguished name');
  for (const allowed of allowedDns) {
    const a = canonicalDn(allowed);
    if (!a || a.length < 2 || !a.some((x) => x.startsWith('CN=')) || !a.some((x) => x.startsWith('O='))) continue;
    if (a.length === signer.length && a.every((x, i) => x === signer[i])) return { ok: true, value: true };
  }
  return no('PUBLISHER_MISMATCH', `the installer is signed by "${signerDn}", not by the configured publisher`);
}

export interface FetchLike {
  (url: string): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}

/**
 * Reads `<feed>/<channelFile>` and its `.sig` and verifies both. The feed must be https, except loopback
 * http (tests, and a plant's local mirror on the same machine).
 */
export async function fetchVerifiedManifest(o: {
  feedUrl: string;
  channelFile: string;
  fetch: FetchLike;
  keys: readonly KeyObject[];
  currentVersion: string;
}): Promise<Verdict<UpdateManifest & { manifestUrl: string }>> {
  let base: URL;
  try {
    base = new URL(o.feedUrl.endsWith('/') ? o.feedUrl : `${o.feedUrl}/`);
  } catch {
    return no('FETCH_FAILED', `not a URL: ${o.feedUrl}`);
  }
  const loopback = base.hostname === '127.0.0.1' || base.hostname === '[::1]';
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback)) return no('FETCH_FAILED', 'the update feed must be https');
  const manifestUrl = new URL(o.channelFile, base).href;
  const get = async (url: string): Promise<Uint8Array | string> => {
    try {
      const r = await o.fetch(url);
      if (!r.ok) return `HTTP ${r.status} for ${url}`;
      return new Uint8Array(await r.arrayBuffer());
    } catch (e) {
      return `${url}: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  const manifest = await get(manifestUrl);
  if (typeof manifest === 'string') return no('FETCH_FAILED', manifest);
  const sig = await get(`${manifestUrl}.sig`);
  if (typeof sig === 'string') return no('BAD_SIGNATURE', `no signature: ${sig}`);
  const v = verifyManifest(manifest, Buffer.from(sig).toString('utf8'), o.keys, o.currentVersion);
  return v.ok ? { ok: true, value: { ...v.value, manifestUrl } } : v;
}
