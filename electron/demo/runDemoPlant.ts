import { parseArgs } from 'node:util';
import { startDemoPlant } from './DemoPlant.ts';

/** `npm run demo:plant [-- --port 48010 --tick-ms 1000 --lines 3]`: the demo line simulator in the foreground. */

const USAGE = 'usage: npm run demo:plant -- [--port 48010] [--tick-ms 1000] [--lines 3] [--pki-dir <folder>] [--unmapped-states]';

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'tick-ms': { type: 'string' },
      lines: { type: 'string' },
      'pki-dir': { type: 'string' },
      'unmapped-states': { type: 'boolean' },
      // Serve mode starts us as a child: exit when its pipe to our stdin closes, even if it was killed hard.
      'exit-with-parent': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const plant = await startDemoPlant({
    port: intOption('port', values.port, 48010, 0, 65535),
    tickMs: intOption('tick-ms', values['tick-ms'], 1000, 10, 3_600_000),
    lines: intOption('lines', values.lines, 3, 1, 50),
    unmappedStates: values['unmapped-states'] ?? false,
    ...(values['pki-dir'] ? { pkiDir: values['pki-dir'] } : {}),
  });
  console.log(`Demo plant running: ${plant.endpointUrl}`);
  console.log(`Namespace ${plant.namespaceUri}, ${plant.model.lineCount} lines. Ctrl+C to stop.`);

  if (values['exit-with-parent']) {
    process.stdin.on('end', () => stop('parent gone'));
    process.stdin.on('error', () => stop('parent gone'));
    process.stdin.resume();
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo plant…`);
    plant.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('error while stopping:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`demo plant: ${err instanceof Error ? err.message : String(err)}`);
  console.error(USAGE);
  process.exit(1);
});
