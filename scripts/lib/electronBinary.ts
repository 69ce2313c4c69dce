import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron executable is, without `require('electron')`: that require tries to download the
 * binary from GitHub when it is missing, which fails (slowly) on machines without GitHub access.
 * Mirrors node_modules/electron/index.js: path.txt names the executable inside dist/, and
 * ELECTRON_OVERRIDE_DIST_PATH replaces dist/.
 */
export function findElectronBinary(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  let relative: string | null = null;
  try {
    relative = fs.readFileSync(pathFile, 'utf8').trim();
  } catch {
    relative = null;
  }
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const candidates: string[] = [];
  if (override) candidates.push(path.join(override, relative || 'electron'));
  if (relative) candidates.push(path.join(pkgDir, 'dist', relative));
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return null;
}

export const NO_ELECTRON_MESSAGE =
  'No Electron binary on this machine (it is downloaded from GitHub at install). Run `npm run serve` for the same console in a browser, or install on a machine that can fetch Electron.';
