import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PINs are short, so the hash must be slow: scrypt with explicit parameters (never library defaults
 * that could change under us). N = 2^15, r = 8, p = 1 needs 32 MiB and, measured by
 * test/bench/pinHash.bench.ts, tens of milliseconds per attempt; with the account lockout after K
 * failures that leaves on-line guessing hopeless and makes an off-line attack on a stolen database cost
 * real time per guess. The parameters are stored in each hash, so they can be raised later and old
 * hashes still verify.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLen: number;
}

export const PIN_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLen: 32 };

const maxmemFor = (q: ScryptParams): number => 128 * q.N * q.r * q.p * 2;

function derive(pin: string, salt: Buffer, q: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Async scrypt runs on libuv's thread pool, so OPC UA ingest is not blocked while a PIN is checked.
    scrypt(pin.normalize('NFKC'), salt, q.keyLen, { N: q.N, r: q.r, p: q.p, maxmem: maxmemFor(q) }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt base64url>$<key base64url>` */
export async function hashPin(pin: string, params: ScryptParams = PIN_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function parsePinHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Refuse parameters no hash of ours would have: a doctored row must not make sign-in trivial or hang it.
  if (!Number.isInteger(Math.log2(N)) || N < 2 ** 14 || N > 2 ** 20 || r < 8 || r > 32 || p < 1 || p > 4) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 16 || key.length < 16) return null;
  return { params: { N, r, p, keyLen: key.length }, salt, key };
}

/** True when `pin` matches; a malformed stored hash never matches. Constant-time compare. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  if (!parsed) return false;
  const key = await derive(pin, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A hash of nothing in particular, checked against when the badge or name is unknown, so the answer takes as long. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPin(randomBytes(8).toString('hex'));
  return dummy;
}
