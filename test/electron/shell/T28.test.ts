import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { countSarif } from '../../../scripts/lib/electronegativitySarif.ts';
import { webPreferencesViolations } from '../../../electron/main/policy/webPreferences.ts';
import { makeTempDir, repoRoot } from '../../fixtures/tempDir.ts';
import { EXPECTED_FUSES, fuseMismatches } from './support/fuses.ts';

// T28: insecure Electron configuration. One line from three checks:
// - electronegativity over electron/ and renderer/ (`npm run lint:electron`, ~3 s, so it runs here in the
//   unit project): its SARIF read back, 0 HIGH / 0 MEDIUM, every file parsed; the same gate run on a
//   deliberately insecure fixture must fail, so the gate is known to bite;
// - the webPreferences lint over what mainWindow.ts really passes to BrowserWindow (Electron replaced by a
//   recorder), and a scan that mainWindow.ts is the only place a window or view is created;
// - the fuse set in electron-builder.yml against the design. The packaged binary's fuses are a gap
//   (docs/security.md: `npx @electron/fuses read --app <app>` on the packaging machine).
const created = vi.hoisted(() => [] as Array<Record<string, unknown>>);
vi.mock('electron', () => ({
  shell: { openExternal: async () => undefined },
  BrowserWindow: class {
    webContents = { on: () => undefined };
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
    once() {}
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  },
}));
const { createMainWindow } = await import('../../../electron/main/mainWindow.ts');

const tmp = makeTempDir('t28-');
afterAll(() => tmp.cleanup());

// The two gates (the app and the insecure fixture) run at once, each in its own process: one after the
// other they took the whole 30 s test timeout on a machine loaded ten times over (npm test at load ~20).
function gate(input: string | null, out: string): Promise<{ status: number | null; stdout: string; stderr: string; counts: ReturnType<typeof countSarif> | null }> {
  const args = [path.join(repoRoot, 'scripts', 'electronegativity.ts'), '--out', out, ...(input ? ['--input', input] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = (status: number | null, more = '') =>
      resolve({ status, stdout, stderr: stderr + more, counts: fs.existsSync(out) ? countSarif(fs.readFileSync(out, 'utf8')) : null });
    child.once('error', (e) => done(null, e.message));
    child.once('close', (code) => done(code));
  });
}

/** `new BrowserWindow(`, `new BrowserView(`, `new WebContentsView(` anywhere in the shell's sources. */
function windowConstructionSites(): string[] {
  const sites: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts'))
        fs.readFileSync(full, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/new\s+(BrowserWindow|BrowserView|WebContentsView)\s*\(/.test(line)) sites.push(`${path.relative(repoRoot, full)}:${i + 1}`);
          });
    }
  };
  walk(path.join(repoRoot, 'electron'));
  return sites;
}

it('T28: no HIGH/MEDIUM electronegativity findings, webPreferences as designed, fuses as designed', async () => {
  // 1. electronegativity
  const [real, insecure] = await Promise.all([gate(null, path.join(tmp.dir, 'app.sarif')), gate('test/electron/shell/fixtures/insecureShell', path.join(tmp.dir, 'insecure.sarif'))]);
  console.log(real.stdout.trim());
  expect(real.counts, real.stderr).not.toBeNull();
  const c = real.counts!;
  // The reviewed suppressions, each documented next to the code. A new one must be added here, on purpose.
  expect(c.suppressed.map((s) => s.replace(/:\d+$/, ''))).toEqual(['OPEN_EXTERNAL_JS_CHECK electron/main/mainWindow.ts', 'PRELOAD_JS_CHECK electron/main/mainWindow.ts']);
  expect(insecure.status).toBe(1);
  expect(insecure.counts!.bySeverity.HIGH).toBeGreaterThan(0);

  // 2. webPreferences of every window
  const preload = path.join(repoRoot, 'out', 'preload', 'index.cjs');
  created.length = 0;
  createMainWindow({ preloadPath: preload, entryUrl: 'app://console/index.html', title: 't', devTools: false }, { appOrigin: 'app://console', csp: '', dev: false, externalHosts: () => [], log: () => undefined });
  const sites = windowConstructionSites();
  const violations = created.flatMap((o) => webPreferencesViolations(o['webPreferences'], preload));
  // The lint itself must catch each kind of loosening.
  const loosened = [
    { contextIsolation: false },
    { sandbox: false },
    { nodeIntegration: true },
    { webSecurity: false },
    { experimentalFeatures: true },
    { enableBlinkFeatures: 'CSSVariables' },
    { preload: '/tmp/other.js' },
    { nodeIntegrationInSubFrames: true },
    { disableBlinkFeatures: '' },
  ].map((change) => webPreferencesViolations({ ...(created[0]?.['webPreferences'] as object), ...change }, preload).length);

  // 3. fuses
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  const builder = yaml.load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as { electronFuses?: unknown };
  const fuses = fuseMismatches(builder.electronFuses);

  const pass =
    real.status === 0 && c.bySeverity.HIGH === 0 && c.bySeverity.MEDIUM === 0 && c.unparsed === 0 && created.length === 1 && sites.length === 1 && violations.length === 0 && fuses.length === 0 && loosened.every((n) => n > 0);
  console.log(
    `T28: high_medium=${c.bySeverity.HIGH}/${c.bySeverity.MEDIUM} (target 0/0) ; fuse_mismatches=${fuses.length}/${Object.keys(EXPECTED_FUSES).length} (target 0) ; webpreferences_violations=${violations.length} (target 0) ; window_construction_sites=${sites.length} (target 1) ; unparsed_files=${c.unparsed} (target 0) ; suppressed_in_source=${c.suppressed.length} (report) ; low=${c.bySeverity.LOW} (report) ${pass ? 'PASS' : 'FAIL'}`,
  );
  expect(c.blocking).toEqual([]);
  expect(real.status).toBe(0);
  expect(c.unparsed).toBe(0);
  expect(created).toHaveLength(1);
  expect(sites).toEqual([expect.stringMatching(/^electron\/main\/mainWindow\.ts:\d+$/)]);
  expect(violations).toEqual([]);
  expect(loosened.every((n) => n > 0)).toBe(true);
  expect(fuses).toEqual([]);
  // Two Node processes parsing the shell's sources: ~3 s on an idle machine (under a tenth of this).
}, 90_000);
