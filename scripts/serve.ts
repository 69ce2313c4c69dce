// `npm run serve`: builds the renderer when its sources changed, then starts serve mode.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Only the light argument parser is imported up front: `--help` and a bad option answer without loading the
// core (test/scripts/serveHelp.test.ts checks that startCore is never loaded for them).
import { parseServeArgs, SERVE_USAGE } from '../electron/core/platform/serve/serveArgs.ts';

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

const [{ ensureRendererBuilt }, { runServe }, { CoreStartError }] = await Promise.all([
  import('./lib/rendererBuild.ts'),
  import('../electron/core/platform/serve/serveMain.ts'),
  import('../electron/core/startCore.ts'),
]);
await ensureRendererBuilt(repoRoot);
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
try {
  const running = await runServe({ repoRoot, version, ...args });
  const ms = Math.round(performance.now() - t0);
  process.stdout.write(
    [
      '',
      `  Plant Operations Console ${version}, serve mode${running.demo ? ' — demo plant' : ''}`,
      `  Open: ${running.url}`,
      running.demo ? `  Demo plant (OPC UA): ${running.demo.endpointUrl}` : '',
      `  Ready in ${ms} ms. Ctrl+C stops it.`,
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (e) {
  if (e instanceof CoreStartError) {
    process.stderr.write(`\nThe console did not start.\n${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
