// `npm test`: type checks for every world, the renderer build, then unit + integration + e2e tests.
// Prints one closing line "tests: N passed, N failed, N skipped" for people and CI.
import { spawn, spawnSync } from 'node:child_process';
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

/** Runs a command with its output kept, for printing as one block when it ends (several run at once). */
function runQuiet(cmd: string, args: string[]): Promise<{ status: number; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (e) => resolve({ status: 1, output: `${output}${e.message}\n`, seconds: (performance.now() - started) / 1000 }));
    child.once('close', (code) => resolve({ status: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
  });
}

step('Chromium (for the end-to-end tests)');
if (!ensureChromium()) {
  process.stdout.write(`\nThe end-to-end tests need Chromium at ${CHROMIUM}. Install it (as root: apt-get install -y chromium) or set CHROMIUM_PATH.\ntests: 0 passed, 1 failed\n`);
  process.exit(1);
}

// The five type checks and the renderer build are independent: they run at once (one after the other they
// took about 85 s on a loaded 2-core machine, mostly single-threaded).
// Each tsc runs single-threaded: TypeScript 7 checks with 4 checkers per program by default, and with five
// programs and a build sharing 2 cores the threads only cost. Measured on tsconfig.core.json at load ~33,
// both variants side by side, two rounds: 15.6 / 16.0 s CPU and 750 MB by default, 6.5 / 6.6 s and 340 MB
// single-threaded. The diagnostics are the same: one error planted per world (process in shared/, document
// in electron/core, a type error in renderer/, electron/main and test/), each world reported its own with
// either setting, word for word.
const worlds = ['shared', 'core', 'renderer', 'shell', 'test'];
step(`Type check (${worlds.join(', ')}) and the renderer build (for the end-to-end tests), at once`);
const [checks, built] = await Promise.all([
  Promise.all(worlds.map((w) => runQuiet(bin('tsc'), ['-p', `tsconfig.${w}.json`, '--singleThreaded']))),
  ensureRendererBuilt(repoRoot, { force: true }).then(
    () => null,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  ),
]);
let failedChecks = 0;
worlds.forEach((w, i) => {
  const r = checks[i]!;
  process.stdout.write(`${r.status === 0 ? '✓' : '✗'} tsconfig.${w}.json (${r.seconds.toFixed(1)} s)\n${r.output}`);
  if (r.status !== 0) failedChecks++;
});
if (failedChecks > 0 || built !== null) {
  if (built !== null) process.stdout.write(`\n${built}\n`);
  process.stdout.write(`\n${failedChecks > 0 ? `Type check failed for ${failedChecks} of ${worlds.length} worlds` : 'The renderer build failed'}\ntests: 0 passed, 1 failed\n`);
  process.exit(1);
}

step('Vitest: unit, integration and end-to-end');
const report = path.join(repoRoot, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
const extra = process.argv.slice(2);
const status = run(bin('vitest'), ['run', '--project', 'unit', '--project', 'unit-shared', '--project', 'e2e', '--reporter=default', '--reporter=json', '--reporter=./test/support/headroomReporter.ts', `--outputFile.json=${report}`, ...extra]);

let summary = '';
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {
  summary = `tests: 0 passed, 1 failed (no report from vitest)`;
}
process.stdout.write(`\nnpm test took ${((performance.now() - t0) / 1000).toFixed(1)} s\n${summary}\n`);
process.exit(status);
