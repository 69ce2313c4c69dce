// `npm run sandbox -- <sap|rest-erp|servicenow|maintainx|all> [--port N] [--faults F] [--seed F]`: sandboxes on
// 127.0.0.1, one JSON line per sandbox ({"name","url","adminUrl"}); stops on SIGINT/SIGTERM.
// `--cmms servicenow|maintainx` also runs that CMMS sandbox in this process, as `npm run sandbox:cmms` runs it
// (its own port, its line with the demo credentials): serve's demo starts its ERP and CMMS that way, one Node
// start instead of two (about 0.4 s of CPU less before the first live value, issue 17).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { FaultRule } from './faultRules.ts';
import { startDemoCmmsSandbox } from '../cmms/demoCmmsSandbox.ts';
import { startMaintainXSandbox } from '../cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../cmms/serviceNowSandbox.ts';
import { startRestErpSandbox } from './restErpSandbox.ts';
import { startSapSandbox } from './sapSandbox.ts';
import type { ErpSeed } from './seed.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { port: { type: 'string' }, faults: { type: 'string' }, seed: { type: 'string' }, cmms: { type: 'string' }, 'exit-with-parent': { type: 'boolean' }, help: { type: 'boolean' } },
});
const which = positionals[0] ?? 'all';
const cmms = values.cmms;
if (values.help || !['sap', 'rest-erp', 'all', 'servicenow', 'maintainx'].includes(which) || (cmms !== undefined && cmms !== 'servicenow' && cmms !== 'maintainx')) {
  process.stdout.write('Usage: npm run sandbox -- <sap|rest-erp|servicenow|maintainx|all> [--port N] [--faults rules.json] [--seed seed.json] [--cmms servicenow|maintainx]\n');
  process.exit(values.help ? 0 : 2);
}
const faults = values.faults ? (JSON.parse(fs.readFileSync(values.faults, 'utf8')) as FaultRule[]) : [];
const seed = values.seed ? (JSON.parse(fs.readFileSync(values.seed, 'utf8')) as ErpSeed) : undefined;
const port = values.port ? Number(values.port) : 0;

const handles: { close(): Promise<void> }[] = [];
// Started beside the ERP sandbox (no faults: --faults is the ERP's); reported after the ERP's line.
const cmmsStarting = cmms === 'servicenow' || cmms === 'maintainx' ? startDemoCmmsSandbox(cmms, 0, []) : null;
if (which === 'sap' || which === 'all') {
  // The demo plant tells the console the ERP's processing limit is 30 s (resources/demo-plant.json): so it is.
  const h = await startSapSandbox({ port: which === 'all' ? 0 : port, faults, seed, minOrderGapMs: 2000, processingLimitMs: 30_000 });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'sap', url: h.url, adminUrl: h.adminUrl, user: 'CONSOLE', password: 'demo' })}\n`);
}
if (which === 'rest-erp' || which === 'all') {
  const h = await startRestErpSandbox({ port: which === 'all' ? 0 : port, faults, seed });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'rest-erp', url: h.url, adminUrl: h.adminUrl, apiKey: 'demo-key' })}\n`);
}
if (which === 'servicenow' || which === 'all') {
  const h = await startServiceNowSandbox({ port: which === 'all' ? 0 : port });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'servicenow', url: h.url, adminUrl: h.adminUrl })}\n`);
}
if (which === 'maintainx' || which === 'all') {
  const h = await startMaintainXSandbox({ port: which === 'all' ? 0 : port });
  handles.push(h);
  process.stdout.write(`${JSON.stringify({ name: 'maintainx', url: h.url, adminUrl: h.adminUrl })}\n`);
}
if (cmmsStarting) {
  const h = await cmmsStarting;
  handles.push(h);
  process.stdout.write(`${h.report}\n`);
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
