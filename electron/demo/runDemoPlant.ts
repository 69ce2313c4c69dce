import { parseArgs } from 'node:util';
import { startDemoPlant } from './DemoPlant.ts';

/** `npm run demo:plant [-- --port 48010 --tick-ms 1000 --lines 3]`: the demo line simulator in the foreground. */

const USAGE =
  'usage: npm run demo:plant -- [--port 48010] [--tick-ms 1000] [--lines 3] [--pki-dir <folder>] [--unmapped-states] [--extra-tags 0]\n' +
  '       [--endpoints standard|secure|hostile] [--user name:password]… [--no-anonymous] [--no-transfer] [--tick-epoch-ms <ms>]\n' +
  '       [--refuse-client-certificates]   (close every secure channel opened with a certificate, as open62541 does when it does not trust it)';

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function endpointSet(raw: string | undefined): 'standard' | 'secure' | 'hostile' {
  if (raw === undefined || raw === 'standard' || raw === 'secure' || raw === 'hostile') return raw ?? 'standard';
  throw new Error(`--endpoints must be standard, secure or hostile, got "${raw}"`);
}

function parseUser(raw: string): { userName: string; password: string } {
  const i = raw.indexOf(':');
  if (i < 1 || i === raw.length - 1) throw new Error(`--user must be name:password, got "${raw}"`);
  return { userName: raw.slice(0, i), password: raw.slice(i + 1) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'tick-ms': { type: 'string' },
      lines: { type: 'string' },
      'pki-dir': { type: 'string' },
      'unmapped-states': { type: 'boolean' },
      // Load tests: this many extra Double tags per line, all changing every tick (demoExtraTags.ts).
      'extra-tags': { type: 'string' },
      endpoints: { type: 'string' },
      user: { type: 'string', multiple: true },
      'no-anonymous': { type: 'boolean' },
      'no-transfer': { type: 'boolean' },
      // Retentive counters across restarts of this process (reliability row T12).
      'tick-epoch-ms': { type: 'string' },
      // Reliability rows 7/8: a controller that no longer trusts the console (bare close, open62541 style).
      'refuse-client-certificates': { type: 'boolean' },
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
  // Started by serve, which may end (a refused start) while we still start or stop: what we print then has no
  // reader. A closed pipe must not turn our next line into a crash with a stack trace on the terminal we share.
  if (values['exit-with-parent']) process.stdout.on('error', () => undefined);
  const plant = await startDemoPlant({
    port: intOption('port', values.port, 48010, 0, 65535),
    tickMs: intOption('tick-ms', values['tick-ms'], 1000, 10, 3_600_000),
    lines: intOption('lines', values.lines, 3, 1, 50),
    unmappedStates: values['unmapped-states'] ?? false,
    extraTagsPerLine: intOption('extra-tags', values['extra-tags'], 0, 0, 200),
    endpointSet: endpointSet(values.endpoints),
    users: (values.user ?? []).map(parseUser),
    allowAnonymous: !values['no-anonymous'],
    transferSubscriptions: !values['no-transfer'],
    refuseClientCertificates: values['refuse-client-certificates'] ?? false,
    ...(values['tick-epoch-ms'] ? { tickEpochMs: intOption('tick-epoch-ms', values['tick-epoch-ms'], 0, 0, Number.MAX_SAFE_INTEGER) } : {}),
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
