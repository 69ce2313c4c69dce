// oauth4webapi is loaded when an OAuth token is first needed, not with the core (platform/net/oauthClientCredentials.ts):
// most plants configure no OAuth target, and importing it cost every console about 2 MB of V8 heap and 4 MB of
// RSS. Checked from outside: a child Node imports what `npm run serve` imports (serveMain.ts and startCore.ts)
// with a module hook that names every module it loads. On the code as it was (a static import) the hook names
// oauth4webapi and this fails. That a token is still fetched when one is needed: oauth.int.test.ts and
// sapOAuth.int.test.ts, unchanged.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..');
const script = `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); } });
await import('./electron/core/platform/serve/serveMain.ts');
await import('./electron/core/startCore.ts');
const { createClientCredentials } = await import('./electron/core/platform/net/oauthClientCredentials.ts');
createClientCredentials({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecretSecret: 's' }, { secrets: { read: async () => ({ ok: false, error: 'NOT_FOUND' }) } });
process.stderr.write('CREATED\\n');`;

describe('oauth4webapi is loaded only when a token is needed', () => {
  it('importing the core and creating a token source does not load it', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
    expect(r.stderr).toContain('CREATED');
    // The hook works: it saw the core and the OPC UA client package.
    expect(loaded.some((u) => u.endsWith('/startCore.ts'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/node-opcua-client/'))).toBe(true);
    expect(loaded.filter((u) => u.includes('oauth4webapi'))).toEqual([]);
  }, 150_000);
});
