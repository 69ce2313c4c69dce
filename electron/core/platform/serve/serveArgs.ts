// Serve mode's command line: the parser and the usage text, in a module that imports nothing of the core, so
// `npm run serve -- --help` (and a mistyped option) answers without loading startCore (scripts/serve.ts
// imports the core only after the arguments are parsed).
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const SERVE_USAGE = `Usage: npm run serve [-- options]

With no options: starts the demo plant (an OPC UA line simulator) and the console on it.

Options:
  --config <file>     the plant configuration (JSON); without it, the demo plant
  --data-dir <dir>    database, PKI and logs (default: $XDG_DATA_HOME/plant-console/<plant id>)
  --host <address>    address to listen on (default 127.0.0.1). A network address needs --wallboard
  --wallboard         allow a network address: screens from other machines get read-only viewer
                      sessions (they can watch, never sign in); the token is still required
  --kiosk             wall board: the address opens the full-screen andon view of every line
                      (no navigation, no sign-in, nothing that can be changed)
  --port <n>          port (default: a free one)
  --log-level <lvl>   debug | info | warn | error (default info)
  --language <de|en>  the language of every screen before sign-in and for people who chose
                      none (default: the plant configuration's plant.language)
  --accept-new-database     the console had a database that is now gone or empty: start with a
                            new, empty one (an administrator's decision; the backups are in
                            <data dir>/backups)
  --accept-database-change  the database is another console's, or older than the one this console
                            last used: use it from now on (an administrator's decision)
  --hub               run as the plant hub (docs/hub.md): HTTPS + WSS with the hub's own certificate,
                      consoles and wall boards pair with it and attach; prints its fingerprint
  --hub-port <n>      the hub's port (default 8443; 0: a free one)
  --bind <address>    the hub's address to listen on (default 0.0.0.0: every network)
  --attach <url>      an attached console: no core, no database; the screens go to the hub at
                      https://host:port (paired before: the data folder keeps the pinned certificate)
  --pair <code>       with --attach: pair first with the administrator's one-time code ...
  --fingerprint <fp>  ... after checking the hub's certificate SHA-256 (shown with the code)
  --help              this text
`;

export function parseServeArgs(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'log-level': { type: 'string' },
      language: { type: 'string' },
      help: { type: 'boolean' },
      wallboard: { type: 'boolean' },
      kiosk: { type: 'boolean' },
      'accept-new-database': { type: 'boolean' },
      'accept-database-change': { type: 'boolean' },
      hub: { type: 'boolean' },
      'hub-port': { type: 'string' },
      bind: { type: 'string' },
      attach: { type: 'string' },
      pair: { type: 'string' },
      fingerprint: { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port must be 0–65535, got "${values.port}"`);
  const level = values['log-level'];
  if (level !== undefined && !['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`--log-level must be debug, info, warn or error`);
  const language = values.language;
  if (language !== undefined && language !== 'de' && language !== 'en') throw new Error(`--language must be de or en, got "${language}"`);
  const hubPort = values['hub-port'] === undefined ? undefined : Number(values['hub-port']);
  if (hubPort !== undefined && (!Number.isInteger(hubPort) || hubPort < 0 || hubPort > 65535)) throw new Error(`--hub-port must be 0–65535, got "${values['hub-port']}"`);
  if (values.hub && values.attach) throw new Error('--hub and --attach exclude each other: a machine is the hub or attaches to one');
  if ((values.pair !== undefined || values.fingerprint !== undefined) && !values.attach) throw new Error('--pair and --fingerprint go with --attach <hub address>');
  if ((values.pair === undefined) !== (values.fingerprint === undefined)) throw new Error('--pair and --fingerprint go together: the code, and the hub fingerprint to compare before it is sent');
  if ((hubPort !== undefined || values.bind !== undefined) && !values.hub) throw new Error('--hub-port and --bind go with --hub');
  return {
    hub: values.hub ?? false,
    hubPort,
    bind: values.bind,
    attach: values.attach,
    pairCode: values.pair,
    fingerprint: values.fingerprint,
    language: language as 'de' | 'en' | undefined,
    help: values.help ?? false,
    wallboard: values.wallboard ?? false,
    kiosk: values.kiosk ?? false,
    acceptNewDatabase: values['accept-new-database'] ?? false,
    acceptDatabaseChange: values['accept-database-change'] ?? false,
    configPath: values.config ? path.resolve(values.config) : undefined,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : undefined,
    host: values.host,
    port,
    logLevel: level as 'debug' | 'info' | 'warn' | 'error' | undefined,
  };
}

/** Where serve keeps a plant's data without --data-dir (here, a light module: serve.ts needs it before the core). */
export function defaultDataDir(plantId: string): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'plant-console', plantId);
}
