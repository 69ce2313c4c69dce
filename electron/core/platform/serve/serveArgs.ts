// Serve mode's command line: the parser and the usage text, in a module that imports nothing of the core, so
// `npm run serve -- --help` (and a mistyped option) answers without loading startCore (scripts/serve.ts
// imports the core only after the arguments are parsed).
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
  --accept-new-database     the console had a database that is now gone or empty: start with a
                            new, empty one (an administrator's decision; the backups are in
                            <data dir>/backups)
  --accept-database-change  the database is another console's, or older than the one this console
                            last used: use it from now on (an administrator's decision)
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
      help: { type: 'boolean' },
      wallboard: { type: 'boolean' },
      kiosk: { type: 'boolean' },
      'accept-new-database': { type: 'boolean' },
      'accept-database-change': { type: 'boolean' },
    },
    strict: true,
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port must be 0–65535, got "${values.port}"`);
  const level = values['log-level'];
  if (level !== undefined && !['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`--log-level must be debug, info, warn or error`);
  return {
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
