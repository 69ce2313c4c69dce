// `npm run serve`: builds the renderer when its sources changed, then starts serve mode.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Only the light argument parser is imported up front: `--help` and a bad option answer without loading the
// core (test/scripts/serveHelp.test.ts checks that startCore is never loaded for them).
import { parseServeArgs, SERVE_USAGE } from '../electron/core/platform/serve/serveArgs.ts';
import { stopOnSignals } from './lib/stopOnSignals.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = performance.now();

let args: ReturnType<typeof parseServeArgs>;
try {
  args = parseServeArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n\n${SERVE_USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(SERVE_USAGE);
  process.exit(0);
}

// V8's compile cache for this process and the demo children it starts (they inherit NODE_COMPILE_CACHE):
// loading the core (node-opcua's hundreds of modules and our TypeScript) took about 2.7 s of CPU, a fifth
// less from the cache. Node keys the cache by each file's content; a stale entry is never used.
process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), 'plant-console-compile-cache');
module.enableCompileCache(process.env.NODE_COMPILE_CACHE);

// The demo plant, ERP and CMMS (no --config) are processes of their own: started first, before the renderer
// build and the core's import, they come up on the other core while this process loads the console.
// (Awaited only until the three are spawned; runServe awaits their reports.)
const demoChildren = !args.attach && !args.configPath ? await (await import('../electron/core/platform/serve/demoChildren.ts')).startDemoChildren(repoRoot, { dataDir: args.dataDir }) : undefined;
// The renderer build (its own process, only when the sources changed) runs while the core is loaded and
// starts: the page is needed only once the address is printed.
const { ensureRendererBuilt } = await import('./lib/rendererBuild.ts');
let rendererNote = '';
const rendererBuilt = ensureRendererBuilt(repoRoot).then((r) => {
  if (r === 'built') rendererNote = ` (renderer rebuilt: its sources changed; ${Math.round(performance.now() - t0)} ms)`;
});
rendererBuilt.catch(() => undefined); // awaited below; a failure while the core starts is not unhandled
if (args.attach) {
  // An attached console (docs/hub.md): no core is loaded at all.
  const { runAttach } = await import('./lib/serveAttach.ts');
  await runAttach(repoRoot, args, rendererBuilt);
} else {
const [{ runServe }, { CoreStartError }] = await Promise.all([import('../electron/core/platform/serve/serveMain.ts'), import('../electron/core/startCore.ts')]);
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
try {
  const running = await runServe({ repoRoot, version, ...args, demoChildren });
  try {
    await rendererBuilt;
  } catch (e) {
    await running.stop();
    throw e;
  }
  const ms = Math.round(performance.now() - t0);
  process.stdout.write(
    [
      '',
      `  Plant Operations Console ${version}, serve mode${running.demo ? ' — demo plant' : ''}`,
      `  Open: ${running.url}`,
      running.demo ? `  Demo plant (OPC UA): ${running.demo.endpointUrl}` : '',
      running.hubFingerprint ? `  Plant hub: consoles attach with --attach https://<this machine>:${running.host.port}` : '',
      running.hubFingerprint ? `  Hub certificate SHA-256: ${running.hubFingerprint}` : '',
      `  Ready in ${ms} ms${rendererNote}. Ctrl+C stops it.`,
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );
  stopOnSignals(() => running.stop());
  // The address is printed before the demo plant reported (serveMain.ts RunningServe.demo); a plant that then
  // fails to start ends serve, as it did when it was awaited before the address.
  running.demo?.ready.catch(async (e: unknown) => {
    process.stderr.write(`\nThe demo plant did not start, so serve stops.\n${(e as Error).message}\n`);
    await running.stop().catch(() => undefined);
    process.exit(1);
  });
} catch (e) {
  // Demo children still starting are not waited for: each exits when this process ends (--exit-with-parent).
  if (e instanceof CoreStartError) {
    process.stderr.write(`\nThe console did not start.\n${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
}
