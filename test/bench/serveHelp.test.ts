// `npm run serve -- --help` answers without loading the core: scripts/serve.ts imports only the light
// argument parser (serveArgs.ts) before the arguments are read. Checked from outside: the script runs in a
// child Node with a module hook (module.registerHooks) that names every module it loads on stderr, and the
// test asserts startCore.ts (and serveMain.ts, which imports it) is not among them. On the code as it was
// (serve.ts importing startCore and serveMain at the top) the hook names startCore.ts and this fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const hook = `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); } });`;

function runServe(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, 'scripts/serve.ts', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

describe('serve --help', () => {
  it('prints the usage and exits 0 without loading startCore', () => {
    const r = runServe(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: npm run serve');
    // The hook works: it saw the script itself and the argument module.
    expect(r.loaded.some((u) => u.endsWith('/scripts/serve.ts'))).toBe(true);
    expect(r.loaded.some((u) => u.endsWith('/serveArgs.ts'))).toBe(true);
    expect(r.loaded.filter((u) => u.endsWith('/startCore.ts') || u.endsWith('/serveMain.ts'))).toEqual([]);
  }, 90_000);

  it('refuses an unknown option with the usage, still without loading the core', () => {
    const r = runServe(['--no-such-option']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: npm run serve');
    expect(r.loaded.filter((u) => u.endsWith('/startCore.ts'))).toEqual([]);
  }, 90_000);
});
