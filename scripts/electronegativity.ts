// `npm run lint:electron [-- --input <dir> --out <file.sarif>]`: the electronegativity gate (T28).
//
// Runs electronegativity 1.10.3 over the shell's code (electron/main, electron/preload, the renderer's
// HTML), writes reports/electronegativity.sarif, reads that SARIF back and exits 1 when it holds any
// HIGH or MEDIUM finding or a file the tool could not parse. The tool's own exit code means nothing (it
// is 0 even with HIGH findings), and its own SARIF has no severities: see lib/electronegativitySarif.ts.
//
// Two things about the tool are fixed up here, in this process only, with module resolution hooks:
// - its parser @typescript-eslint/typescript-estree 4.x is hoisted next to our TypeScript 7, which has
//   no JS compiler API, so `require('typescript')` from there is pointed at the TypeScript 4.2.4 that
//   electronegativity installs for itself;
// - its i18n loader downloads translations, and its "available security fixes" check Electron's release
//   list from GitHub, on every run; `got` is replaced inside the tool by a stub that fails at once
//   (lib/offlineGot.cjs), so the gate is offline and deterministic (that check then reads the release list
//   the tool ships).
import fs from 'node:fs';
import os from 'node:os';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { countSarif, type EngError, type EngIssue, type Suppression, toSarif } from './lib/electronegativitySarif.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engDir = path.join(repoRoot, 'node_modules', '@doyensec', 'electronegativity');
const engRequire = createRequire(path.join(engDir, 'package.json'));
const offlineGotUrl = pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'offlineGot.cjs')).href;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
// Scope: the shell (electron/main, electron/preload), the core and demo code beside it (they never import
// electron, test/arch enforces it, but they are scanned so nothing there escapes either), and the
// renderer with its index.html (CSP meta, HTML checks). electronegativity takes one input folder and its
// global checks (CSP, navigation limits, permission handler) must see all of it in one run, so the
// folders are copied into one temporary tree with the same relative paths.
const scope = (arg('--input') ?? 'electron,renderer').split(',').map((p) => p.trim()).filter((p) => p !== '');
const out = path.resolve(repoRoot, arg('--out') ?? 'reports/electronegativity.sarif');

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL ?? '';
    if ((specifier === 'typescript' || specifier.startsWith('typescript/')) && /\/node_modules\/(@typescript-eslint\/|tsutils\/)/.test(parent)) {
      // Resolved here: for require(), nextResolve ignores a changed parentURL.
      return { url: pathToFileURL(engRequire.resolve(specifier)).href, format: 'commonjs', shortCircuit: true };
    }
    if (specifier === 'got' && parent.includes('/@doyensec/electronegativity/dist/')) {
      return { url: offlineGotUrl, format: 'commonjs', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

interface RunResult {
  issues: EngIssue[];
  errors: EngError[];
}
type Runner = (options: Record<string, unknown>, forCli?: boolean) => Promise<RunResult>;

const require = createRequire(import.meta.url);
const run = (require(path.join(engDir, 'dist', 'runner.js')) as { default?: Runner } & Runner);
const runner: Runner = typeof run.default === 'function' ? run.default : run;
const version = (JSON.parse(fs.readFileSync(path.join(engDir, 'package.json'), 'utf8')) as { version: string }).version;

const started = Date.now();
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
const issues: EngIssue[] = [];
const errors: EngError[] = [];
// The tool prints chatter (translation fetch, winston warnings) through console.log; keep stdout for the verdict.
const quiet = console.log;
try {
  for (const rel of scope) fs.cpSync(path.join(repoRoot, rel), path.join(stage, rel), { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  console.log = () => undefined;
  const r = await runner({
    input: stage,
    isSarif: true,
    customScan: [],
    excludeFromScan: [],
    isRelative: false,
    isVerbose: false,
    electronUpgrade: undefined,
    // The scanned tree holds no package.json; name the Electron we build against.
    electronVersionOverride: readElectronVersion(),
    parserPlugins: [],
  });
  const back = (f: string): string => (f === 'N/A' ? 'N/A' : path.relative(stage, f));
  for (const i of r.issues) issues.push({ ...i, file: back(i.file) });
  for (const e of r.errors) errors.push({ ...e, file: back(e.file) });
} finally {
  console.log = quiet;
  fs.rmSync(stage, { recursive: true, force: true });
}
const suppressed = findSuppressions(scope);

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, toSarif(issues, errors, version, suppressed));
const counts = countSarif(fs.readFileSync(out, 'utf8'));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const c = counts.bySeverity;
console.log(
  `electronegativity ${version}: HIGH=${c.HIGH} MEDIUM=${c.MEDIUM} LOW=${c.LOW} INFORMATIONAL=${c.INFORMATIONAL} unparsed_files=${counts.unparsed} suppressed_in_source=${suppressed.length} (${scope.join(', ')}; ${seconds} s) -> ${path.relative(repoRoot, out)}`,
);
for (const i of issues) {
  const where = `${i.file}:${i.location?.line ?? 0}`;
  console.log(`  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id.padEnd(40)} ${where}`);
}
for (const x of suppressed) console.log(`  suppressed    ${x.rule.padEnd(50)} ${x.file}:${x.line}`);
for (const e of errors) console.log(`  ${e.tolerable ? 'parse warning' : 'NOT PARSED   '} ${e.file}: ${e.message}`);
const failed = c.HIGH + c.MEDIUM + counts.unparsed > 0;
console.log(failed ? 'FAIL: HIGH/MEDIUM findings or unparsed files (see above)' : 'PASS: 0 HIGH, 0 MEDIUM, every file parsed');
process.exitCode = failed ? 1 : 0;

/**
 * Every `eng-disable` comment in the scanned folders. electronegativity drops findings disabled in the
 * source before it returns them, so they are listed here and go into the SARIF as suppressed results:
 * a suppression stays visible in the report (and test/electron/shell/T28.test.ts pins the reviewed set).
 */
function findSuppressions(dirs: readonly string[]): Suppression[] {
  const found: Suppression[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx|js|cjs|mjs|html)$/.test(e.name)) {
        fs.readFileSync(full, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            const m = /(?:\/\/|\/\*|<!--)[ \t]*eng-disable[ \t]+([A-Z_ \t]+)/.exec(text);
            if (!m) return;
            for (const rule of m[1]!.trim().split(/[ \t]+/)) found.push({ rule, file: path.relative(repoRoot, full), line: i + 1 });
          });
      }
    }
  };
  for (const d of dirs) {
    const full = path.join(repoRoot, d);
    if (fs.statSync(full).isDirectory()) walk(full);
  }
  return found;
}

function readElectronVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  return (pkg.devDependencies?.['electron'] ?? '').replace(/^[^\d]*/, '');
}
