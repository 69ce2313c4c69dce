// `npm run sandbox:cmms -- <servicenow|maintainx|all> [--port N] [--faults F]`: the maintenance sandboxes on
// 127.0.0.1, one JSON line per sandbox ({"name","url","adminUrl",…credentials}); stops on SIGINT/SIGTERM.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { FaultRule } from '../erp/faultRules.ts';
import { startMaintainXSandbox } from './maintainXSandbox.ts';
import { startServiceNowSandbox } from './serviceNowSandbox.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { port: { type: 'string' }, faults: { type: 'string' }, 'exit-with-parent': { type: 'boolean' }, help: { type: 'boolean' } },
});
const which = positionals[0] ?? 'all';
if (values.help || !['servicenow', 'maintainx', 'all'].includes(which)) {
  process.stdout.write('Usage: npm run sandbox:cmms -- <servicenow|maintainx|all> [--port N] [--faults rules.json]\n');
  process.exit(values.help ? 0 : 2);
}
const faults = values.faults ? (JSON.parse(fs.readFileSync(values.faults, 'utf8')) as FaultRule[]) : [];
const port = values.port ? Number(values.port) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be 0–65535, got "${values.port}"\n`);
  process.exit(2);
}

const handles: { close(): Promise<void> }[] = [];
if (which === 'servicenow' || which === 'all') {
  const h = await startServiceNowSandbox({ port: which === 'all' ? 0 : port, faults, oauthClients: { 'plant-console': 'demo-secret' } });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'servicenow', url: h.url, adminUrl: h.adminUrl, user: 'console', password: 'demo', token: 'demo-token', oauth: { tokenUrl: `${h.url}/oauth_token.do`, clientId: 'plant-console', clientSecret: 'demo-secret' } })}\n`);
}
if (which === 'maintainx' || which === 'all') {
  const h = await startMaintainXSandbox({ port: which === 'all' ? 0 : port, faults });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'maintainx', url: h.url, adminUrl: h.adminUrl, apiKey: 'demo-key' })}\n`);
}
const stop = async () => {
  await Promise.all(handles.map((h) => h.close()));
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (values['exit-with-parent']) {
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}
