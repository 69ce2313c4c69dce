import { createNodePorts } from '../ports/nodePorts.ts';
import { startCore } from '../../startCore.ts';
import { type ParentPortLike, runCoreHost } from './hostRuntime.ts';

/**
 * Entry of the Electron utility process that hosts the core (built to out/main/coreHost.js and forked
 * by electron/main/coreHost.ts). Plain Node: Electron adds `process.parentPort`, declared here by
 * shape because the core never imports 'electron'. Everything else is in hostRuntime.ts.
 */
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

if (!parentPort) {
  console.error('coreHost: no process.parentPort. This file runs inside an Electron utility process; use `npm run serve` to run the core under plain Node.');
  process.exit(2);
}

let disposePorts: (() => void) | null = null;

const host = runCoreHost(parentPort, {
  startCore,
  createPorts(init) {
    const level = init.logLevel === 'debug' || init.logLevel === 'warn' || init.logLevel === 'error' ? init.logLevel : 'info';
    const ports = createNodePorts({ dataDir: init.dataDir, logLevel: level });
    disposePorts = () => ports.dispose();
    return ports;
  },
  exit(code) {
    disposePorts?.();
    // Posting is asynchronous: give the last message (a fatal reason) time to leave before the process goes.
    setTimeout(() => process.exit(code), 100);
  },
});

// After start, an error no guard caught is logged by the core and shown as degraded; the core keeps
// serving. Before (or without) a running core it is a crash, reported to main (which restarts us with
// backoff and tells the window), never swallowed.
process.on('uncaughtException', (e) => {
  if (!host.stray('background work', e)) host.crash(`uncaught exception: ${e instanceof Error ? e.message : String(e)}`);
});
process.on('unhandledRejection', (e) => {
  if (!host.stray('background work', e)) host.crash(`unhandled rejection: ${e instanceof Error ? e.message : String(e)}`);
});
