// `npm run sandbox:cmms -- <servicenow|maintainx|all> [--port N] [--faults F]`: the maintenance sandboxes on
// 127.0.0.1, one JSON line per sandbox ({"name","url","adminUrl",…credentials}); stops on SIGINT/SIGTERM.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { FaultRule } from '../erp/faultRules.ts';
import { startDemoCmmsSandbox } from './demoCmmsSandbox.ts';

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
for (const kind of ['servicenow', 'maintainx'] as const) {
  if (which !== kind && which !== 'all') continue;
  const h = await startDemoCmmsSandbox(kind, which === 'all' ? 0 : port, faults);
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
