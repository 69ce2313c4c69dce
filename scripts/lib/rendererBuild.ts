import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the hash of the sources a build was made from is kept (inside the output: a wiped out/ is a rebuild). */
export const BUILD_STAMP = '.source-hash';

function filesUnder(dir: string, root: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, root, out);
    else if (entry.isFile()) out.push(path.relative(root, full));
  }
}

/**
 * What the renderer bundle is made of: every file under renderer/ and shared/ (names and contents) and the
 * lock file (the Vite, React and plugin versions). Keyed by content, not modification times: a checkout, a
 * branch switch or an editor's save without a change moves the times and used to cost a full build
 * (and the build's memory) on the next start.
 */
export function rendererSourceHash(repoRoot: string): string {
  const files: string[] = [];
  filesUnder(path.join(repoRoot, 'renderer'), repoRoot, files);
  filesUnder(path.join(repoRoot, 'shared'), repoRoot, files);
  if (fs.existsSync(path.join(repoRoot, 'package-lock.json'))) files.push('package-lock.json');
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.split(path.sep).join('/'));
    h.update('\0');
    h.update(fs.readFileSync(path.join(repoRoot, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * Builds out/renderer with Vite when it is missing or was built from other sources than today's.
 * The build runs in its own Node process: Vite's bundler (rolldown, native worker threads and their
 * allocator) kept about 400 MB of the serve process's RSS for as long as it ran when it was imported
 * in-process; in a child, that memory goes back when the build ends, and the build can run while the
 * core starts.
 */
export async function ensureRendererBuilt(repoRoot: string, options: { force?: boolean } = {}): Promise<'built' | 'fresh'> {
  const outDir = path.join(repoRoot, 'out', 'renderer');
  const stamp = path.join(outDir, BUILD_STAMP);
  const hash = rendererSourceHash(repoRoot);
  if (!options.force && fs.existsSync(path.join(outDir, 'index.html')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash) return 'fresh';
  // Built into a folder of its own and swapped in when complete: several serves started together after a
  // change of the sources (e2e files, benches) each build, and building into the same out/renderer they
  // collided (rolldown: "Failed to write file"); a screen never gets half a build either.
  const tmpDir = `${outDir}.build-${process.pid}-${Date.now().toString(36)}`;
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // No source maps in this local build: writing them was about a third of the build's CPU (2.4 → 1.7 s,
  // alternating, test/bench/startup.bench.ts) on the way to the first live value, and nobody reads them from
  // serve mode. `npm run build:renderer` and the desktop build (electron.vite.config.ts) still write them.
  const args = [vite, 'build', '--config', path.join(repoRoot, 'renderer', 'vite.config.ts'), '--outDir', tmpDir, '--emptyOutDir', '--logLevel', 'warn', '--sourcemap', 'false'];
  try {
    await new Promise<void>((resolve, reject) => {
      // Always React's production build: a build started from a test run inherited NODE_ENV=test and shipped
      // React's development checks (545 kB instead of 338 kB) to every later serve, as the stamp keys sources only.
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`The renderer build failed (vite build exited with ${code ?? signal}).`))));
    });
    // Written after the build: a build that failed half-way leaves no stamp (and is never swapped in).
    fs.writeFileSync(path.join(tmpDir, BUILD_STAMP), `${hash}\n`);
    swapIn(tmpDir, outDir);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return 'built';
}

/** Puts a finished build in place of out/renderer; when another build got there first, the later one wins. */
function swapIn(tmpDir: string, outDir: string): void {
  for (let attempt = 0; ; attempt++) {
    const old = `${outDir}.old-${process.pid}-${attempt}`;
    try {
      if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 5) throw e; // another build moved it first
    }
    try {
      fs.renameSync(tmpDir, outDir);
      fs.rmSync(old, { recursive: true, force: true });
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt > 5) throw e; // another build swapped in meanwhile: again
      fs.rmSync(old, { recursive: true, force: true });
    }
  }
}
