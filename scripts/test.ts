// `npm test`: type checks for every world, the renderer build, then unit + integration + e2e tests.
// Prints one closing line "tests: N passed, N failed, N skipped" for people and CI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from './lib/rendererBuild.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
const t0 = performance.now();
const step = (label: string) => process.stdout.write(`\n▶ ${label}\n`);

function run(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, installed here when it is missing and we may (root with apt-get); false when it is still missing. */
function ensureChromium(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) return false;
  process.stdout.write(`No Chromium at ${CHROMIUM}: installing Debian's chromium package…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  return fs.existsSync(CHROMIUM);
}

const worlds = ['shared', 'core', 'renderer', 'shell', 'test'];
step(`Type check: ${worlds.join(', ')}`);
for (const w of worlds) {
  if (run(bin('tsc'), ['-p', `tsconfig.${w}.json`]) !== 0) {
    process.stdout.write(`\nType check failed for tsconfig.${w}.json\ntests: 0 passed, 1 failed\n`);
    process.exit(1);
  }
}

step('Chromium (for the end-to-end tests)');
if (!ensureChromium()) {
  process.stdout.write(`\nThe end-to-end tests need Chromium at ${CHROMIUM}. Install it (as root: apt-get install -y chromium) or set CHROMIUM_PATH.\ntests: 0 passed, 1 failed\n`);
  process.exit(1);
}

step('Build the renderer (for the end-to-end tests)');
await ensureRendererBuilt(repoRoot, { force: true });

step('Vitest: unit, integration and end-to-end');
const report = path.join(repoRoot, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
const extra = process.argv.slice(2);
const status = run(bin('vitest'), ['run', '--project', 'unit', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let summary = '';
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {
  summary = `tests: 0 passed, 1 failed (no report from vitest)`;
}
process.stdout.write(`\nnpm test took ${((performance.now() - t0) / 1000).toFixed(1)} s\n${summary}\n`);
process.exit(status);
