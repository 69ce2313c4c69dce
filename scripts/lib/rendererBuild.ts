import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds out/renderer with Vite when it is missing or older than renderer/ or shared/. */
export async function ensureRendererBuilt(repoRoot: string, options: { force?: boolean } = {}): Promise<'built' | 'fresh'> {
  const index = path.join(repoRoot, 'out', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(path.join(repoRoot, 'renderer')), newestMtime(path.join(repoRoot, 'shared')));
  if (!options.force && fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return 'fresh';
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return 'built';
}
