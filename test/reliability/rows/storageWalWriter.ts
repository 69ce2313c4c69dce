// Child process for the storage fault matrix's deleted-WAL row: the real startCore as serve runs it
// (host 'serve', the Node ports: file logger, real clock), signing in and out as fast as it can. After
// every acknowledged sign-in it prints `ACK <n>`; the parent kills it with SIGKILL mid-stream.
// Usage: node storageWalWriter.ts <dataDir> <configPath>
import { createNodePorts } from '../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../electron/core/startCore.ts';

const [dataDir, configPath] = process.argv.slice(2) as [string, string];
const ports = createNodePorts({ dataDir, logLevel: 'warn', echoToStderr: false });
const core = await startCore({ configPath, dataDir, host: 'serve', version: 'reliability' }, ports);
const s = core.openSession();
process.stdout.write('READY\n');
let acked = 0;
for (;;) {
  const r = await core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, s);
  if (r.ok) process.stdout.write(`ACK ${++acked}\n`);
  else process.stdout.write(`REFUSED ${r.error.code} ${r.error.message}\n`);
  await core.dispatch('auth.signOut', {}, s);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
