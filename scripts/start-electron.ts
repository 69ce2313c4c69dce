// `npm start`: build the desktop app with electron-vite and launch it in Electron, where an Electron
// binary exists. Where it does not (no GitHub access at install), say so and point at serve mode.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { NO_ELECTRON_MESSAGE, findElectronBinary } from './lib/electronBinary.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const electron = findElectronBinary(repoRoot);
if (!electron) {
  process.stderr.write(`${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}

const built = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (built.status !== 0) {
  process.stderr.write(`electron-vite build failed (exit ${built.status ?? built.signal}).\n`);
  process.exit(built.status ?? 1);
}

// ELECTRON_RUN_AS_NODE in the environment would turn the app into a plain Node process; never pass it.
const env = { ...process.env };
delete env['ELECTRON_RUN_AS_NODE'];
const child = spawn(electron, [repoRoot, ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit', env });
const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
