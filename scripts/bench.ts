// `npm run bench [-- name …]`: runs each test/bench/*.bench.ts in its own process, one after another
// (they share two cores: never in parallel), and prints each one's figures. A benchmark prints lines
// starting with "BENCH " followed by JSON { name, metric, value, unit, baseline?, ratio?, budget? }, and
// any human lines it likes. The table at the end and test-results/bench.json collect the BENCH lines.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, 'test', 'bench');
const only = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

interface Figure {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  budget?: string;
  pass?: boolean;
}

const figures: Figure[] = [];
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n▶ ${file}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(benchDir, file)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('BENCH ')) figures.push(JSON.parse(line.slice(6)) as Figure);
        else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failed++;
    process.stdout.write(`  ✗ ${file} exited with ${code}\n`);
  }
}

const fmt = (n: number | undefined) => (n === undefined ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
process.stdout.write('\nbenchmark | metric | value | baseline | ratio | budget | verdict\n--- | --- | --- | --- | --- | --- | ---\n');
for (const f of figures) {
  const verdict = f.pass === undefined ? '' : f.pass ? 'PASS' : 'OVER BUDGET';
  process.stdout.write(`${f.name} | ${f.metric} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baseline)} | ${fmt(f.ratio)} | ${f.budget ?? ''} | ${verdict}\n`);
}
fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
fs.writeFileSync(
  path.join(repoRoot, 'test-results', 'bench.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: (await import('node:os')).cpus().length, figures }, null, 2),
);
process.exit(failed > 0 ? 1 : 0);
