// scripts/lib/rendererBuild.ts: `npm run serve` rebuilds the renderer only when its sources changed, keyed by
// their content (not modification times), and builds in a child process. Run against a small real renderer
// (index.html + one module, the project's own vite.config.ts) in a temporary repository root with this
// checkout's node_modules. On the code as it was (newest mtime under renderer/ and shared/ against
// index.html), touching a file without changing it rebuilt: the 'fresh' expectation below failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, ensureRendererBuilt, rendererSourceHash } from '../../scripts/lib/rendererBuild.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-rendererbuild-'));
  fs.mkdirSync(path.join(root, 'renderer'));
  fs.mkdirSync(path.join(root, 'shared'));
  fs.copyFileSync(path.join(repoRoot, 'renderer', 'vite.config.ts'), path.join(root, 'renderer', 'vite.config.ts'));
  fs.writeFileSync(path.join(root, 'renderer', 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.ts"></script></body></html>\n');
  fs.writeFileSync(path.join(root, 'renderer', 'main.ts'), "import { greeting } from '../shared/greeting.ts';\ndocument.getElementById('root')!.textContent = greeting + ' mode:' + process.env.NODE_ENV;\n");
  fs.writeFileSync(path.join(root, 'shared', 'greeting.ts'), "export const greeting = 'first';\n");
  fs.writeFileSync(path.join(root, 'package.json'), '{"type":"module"}\n');
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const bundleText = () => {
  const assets = path.join(root, 'out', 'renderer', 'assets');
  return fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
};

describe('ensureRendererBuilt', () => {
  it('builds when there is no build, then keeps a build whose sources are unchanged even when their times moved', async () => {
    expect(await ensureRendererBuilt(root)).toBe('built');
    expect(fs.readFileSync(path.join(root, 'out', 'renderer', BUILD_STAMP), 'utf8').trim()).toBe(rendererSourceHash(root));
    expect(bundleText()).toContain('first');
    // React's production build whatever the caller's NODE_ENV (vitest runs with NODE_ENV=test; a build started
    // from a test run used to ship React's development checks to every later serve).
    expect(process.env.NODE_ENV).toBe('test');
    expect(bundleText()).toContain('mode:production');
    // No source maps in serve's local build (a third of its CPU; the project's config asks for them, and
    // `npm run build:renderer` and the desktop build still write them).
    expect(fs.readdirSync(path.join(root, 'out', 'renderer', 'assets')).filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(await ensureRendererBuilt(root)).toBe('fresh');
    // A save without a change (or a checkout) moves the modification time, not the content.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'shared', 'greeting.ts'), later, later);
    expect(await ensureRendererBuilt(root)).toBe('fresh');
  }, 180_000);

  it('rebuilds when a source changes, and the new bundle carries the change', async () => {
    fs.writeFileSync(path.join(root, 'shared', 'greeting.ts'), "export const greeting = 'second';\n");
    expect(await ensureRendererBuilt(root)).toBe('built');
    expect(bundleText()).toContain('second');
    expect(await ensureRendererBuilt(root)).toBe('fresh');
  }, 180_000);

  it('rebuilds when the output was removed', async () => {
    fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
    expect(await ensureRendererBuilt(root)).toBe('built');
  }, 180_000);

  it('two builds at once (serves started together after a change) both succeed and leave one whole build', async () => {
    fs.writeFileSync(path.join(root, 'shared', 'greeting.ts'), "export const greeting = 'third';\n");
    const results = await Promise.all([ensureRendererBuilt(root, { force: true }), ensureRendererBuilt(root, { force: true })]);
    expect(results).toEqual(['built', 'built']);
    expect(bundleText()).toContain('third');
    expect(fs.readFileSync(path.join(root, 'out', 'renderer', BUILD_STAMP), 'utf8').trim()).toBe(rendererSourceHash(root));
    // Nothing left beside it: no half-built or swapped-out folders.
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['renderer']);
  }, 240_000);
});
