// The ingest benchmark's peer row: Node-RED with node-red-contrib-opcua, the usual open-source way to take
// OPC UA values into a flow, on the same simulator and nodes as the console and the bare client.
// Installed in the benchmark's own folder (test/bench/peers/package.json) on first run with
// `npm install --prefix test/bench/peers`; never a dependency of the console. When it cannot be installed or
// started, the row says why and is NOT JUDGED.
// The flow: an OpcUa-Endpoint (security None), an OpcUa-Client with action "subscribe" at the same
// publishing interval, fed once (15 s after the flow starts: the client drops a request made before it has a
// session, 102-opcuaclient.js input handler) by an inject node with topic "multiple" and every node id (the package's
// monitored-item group), its output wired to a function node that drops the message (a cheap sink).
// Differences from the console's parameters that the package does not let a flow set: its group uses
// queue size 1 and the publishing interval as the sampling interval (102-opcuaclient.js,
// subscribe_monitoredItem), and its subscription asks for at most 10 notifications per publish response
// (opcua-basics.js, getSubscriptionParameters), so it is sent fewer values (the server queues the rest, and
// drops what a queue of 1 cannot hold); its CPU is compared per notification. The
// package takes no `nsu=` node ids: the flow names the simulator's namespace by the index the simulator
// reports (2: index 1 is the server's own application namespace). The flow used index 1: every monitored
// item was refused as an unknown node, which the package does not report, so the peer never held an item.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Window } from './ingest.bench.ts';

const peersDir = path.join(import.meta.dirname, 'peers');
const redJs = path.join(peersDir, 'node_modules', 'node-red', 'red.js');

function ensureInstalled(): string | null {
  if (fs.existsSync(redJs) && fs.existsSync(path.join(peersDir, 'node_modules', 'node-red-contrib-opcua', 'package.json'))) return null;
  process.stdout.write('  installing Node-RED and node-red-contrib-opcua into test/bench/peers (first run only)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', peersDir, '--no-audit', '--no-fund', '--loglevel=error'], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) return `Node-RED could not be installed here (npm install --prefix test/bench/peers: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-2).join(' ')})`;
  return null;
}

export async function runNodeRedWindow(o: {
  endpoint: string;
  nsIndex: number;
  items: number;
  publishingMs: number;
  dir: string;
  measure: (pid: number, count?: { count(): number }) => Promise<Window>;
}): Promise<{ window: Window | null; reason: string }> {
  if (process.env.INGEST_PEERS === '0') return { window: null, reason: 'peer row switched off (INGEST_PEERS=0)' };
  if (!Number.isInteger(o.nsIndex)) return { window: null, reason: 'the simulator did not report its namespace index' };
  const notInstalled = ensureInstalled();
  if (notInstalled) return { window: null, reason: notInstalled };
  const userDir = path.join(o.dir, `node-red-${o.items}`);
  fs.mkdirSync(userDir, { recursive: true });
  const flow = [
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'ep', type: 'OpcUa-Endpoint', endpoint: o.endpoint, secpol: 'None', secmode: 'None', none: true, login: false },
    { id: 'inj', type: 'inject', z: 'tab', once: true, onceDelay: 15, repeat: '', topic: 'multiple', payloadType: 'json', payload: JSON.stringify(Array.from({ length: o.items }, (_, i) => ({ nodeId: `ns=${o.nsIndex};s=V${i}` }))), props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }], wires: [['cli']] },
    { id: 'cli', type: 'OpcUa-Client', z: 'tab', name: 'node-red-bench', endpoint: 'ep', action: 'subscribe', time: String(o.publishingMs), timeUnit: 'ms', deadbandtype: 'a', deadbandvalue: 0, certificate: 'n', localfile: '', localkeyfile: '', securitymode: 'None', securitypolicy: 'None', wires: [['sink'], [], []] },
    { id: 'sink', type: 'function', z: 'tab', func: 'return null;', outputs: 0, wires: [] },
  ];
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
  fs.writeFileSync(
    path.join(userDir, 'settings.js'),
    `module.exports = { uiPort: 0, uiHost: '127.0.0.1', flowFile: 'flows.json', credentialSecret: false, httpAdminRoot: false, httpNodeRoot: false, disableEditor: true, logging: { console: { level: 'warn' } }, contextStorage: {}, externalModules: { autoInstall: false } };\n`,
  );
  const child = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], { cwd: peersDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  try {
    const died = new Promise<never>((_, reject) => child.once('exit', (c) => reject(new Error(`Node-RED exited (code ${c}): ${out.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-4).join(' ')}`))));
    const window = await Promise.race([o.measure(child.pid!), died]);
    process.stdout.write(`  peer Node-RED: ${window.notificationsPerS.toFixed(0)} notifications/s, ${window.cpuUsPerNotification.toFixed(2)} µs CPU each, RSS ${window.rssMb.toFixed(0)} MB, ${window.itemsHeld} items held${window.saturated ? ` — ${window.saturated}` : ''}\n`);
    return { window, reason: '' };
  } catch (e) {
    const said = out.trim().split('\n').filter((l) => /error|warn/i.test(l) && !/unencrypted credentials|ANONYMOUS/.test(l)).slice(-2).join(' ');
    return { window: null, reason: `Node-RED did not deliver: ${(e as Error).message.split('\n')[0]}${said ? ` (Node-RED said: ${said.slice(0, 300)})` : ''}` };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      await exited;
    }
  }
}
