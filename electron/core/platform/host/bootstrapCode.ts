import { randomInt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Letters and digits that cannot be mistaken for each other when read off a console. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const BOOTSTRAP_FILE = 'first-admin-code.txt';

/**
 * The one-time code that lets a person at the workstation create the first administrator of a
 * production plant. It lives in a 0600 file in the data folder (only the OS user running the console
 * can read it) and serve mode prints it on its own console; it never goes into a log line. Whoever can
 * read it already controls the workstation's files, which is the local-only proof we want.
 */
export function createBootstrapCode(dataDir: string): { code: string; file: string } {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  const pretty = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
  const file = path.join(dataDir, BOOTSTRAP_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `${pretty}\n`, { mode: 0o600 });
  return { code: pretty, file };
}

export function readBootstrapCode(dataDir: string): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, BOOTSTRAP_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function removeBootstrapCode(dataDir: string): void {
  fs.rmSync(path.join(dataDir, BOOTSTRAP_FILE), { force: true });
}

/** Case and dash insensitive, constant time. */
export function codeMatches(expected: string, offered: string): boolean {
  const norm = (s: string) => Buffer.from(s.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  const a = norm(expected);
  const b = norm(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
