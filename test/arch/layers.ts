import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * The layering of architecture.md §2 as data. Each world lists what it may import; anything else is a
 * violation. Kept beside the test (not in the product) because only tests read it.
 */
export type World = 'shared' | 'core' | 'opcua' | 'main' | 'preload' | 'renderer' | 'demo' | 'scripts' | 'test';

export interface Rule {
  worlds: readonly World[];
  packages: readonly string[] | 'any';
  nodeBuiltins: boolean;
  /** Extra per-file limits on which files of an allowed world may be imported. */
  onlyFiles?: Partial<Record<World, readonly string[]>>;
}

// oauth4webapi: OAuth 2.0 client credentials for the ERP/CMMS (platform/net/oauthClientCredentials.ts).
const CORE_PACKAGES = ['better-sqlite3', 'ws', 'pino', 'zod', 'luxon', 'oauth4webapi'];

export const RULES: Readonly<Record<World, Rule>> = {
  // intl-messageformat: shared/i18n/render.ts renders catalogue texts for the core (the English text beside a Message).
  shared: { worlds: ['shared'], packages: ['zod', 'intl-messageformat'], nodeBuiltins: false },
  core: { worlds: ['shared', 'core', 'opcua'], packages: CORE_PACKAGES, nodeBuiltins: true },
  // node-opcua lives here and nowhere else in the core: its client and certificate manager packages only (the
  // umbrella package also loads the server side: 16 MB and 0.5 s of CPU at every start for nothing).
  opcua: { worlds: ['shared', 'core', 'opcua'], packages: [...CORE_PACKAGES, 'node-opcua-client', 'node-opcua-certificate-manager'], nodeBuiltins: true },
  main: {
    worlds: ['shared', 'core', 'main'],
    packages: ['electron', 'electron-updater', 'zod'],
    nodeBuiltins: true,
    // attachMain.ts: the desktop's --attach runs the attached console's relay instead of a core (docs/hub.md).
    onlyFiles: { core: ['electron/core/startCore.ts', 'electron/core/coreApi.ts', 'electron/core/platform/ports/ports.ts', 'electron/core/platform/serve/attachMain.ts'] },
  },
  preload: { worlds: ['shared'], packages: ['electron'], nodeBuiltins: false, onlyFiles: { shared: ['shared/contract/channels.ts'] } },
  renderer: { worlds: ['shared', 'renderer'], packages: ['react', 'react-dom', 'zustand', 'recharts', 'vite', '@vitejs/plugin-react', 'i18next', 'react-i18next', 'i18next-icu'], nodeBuiltins: false },
  demo: { worlds: ['shared', 'demo'], packages: ['node-opcua', 'zod'], nodeBuiltins: true },
  scripts: { worlds: ['shared', 'core', 'demo', 'scripts'], packages: 'any', nodeBuiltins: true },
  test: { worlds: ['shared', 'core', 'opcua', 'main', 'preload', 'renderer', 'demo', 'scripts', 'test'], packages: 'any', nodeBuiltins: true },
};

export function worldOf(relPath: string): World | null {
  const p = relPath.split(path.sep).join('/');
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('electron/core/platform/opcua/')) return 'opcua';
  if (p.startsWith('electron/core/')) return 'core';
  if (p.startsWith('electron/main/')) return 'main';
  if (p.startsWith('electron/preload/')) return 'preload';
  if (p.startsWith('electron/demo/')) return 'demo';
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('scripts/')) return 'scripts';
  if (p.startsWith('test/')) return 'test';
  return null;
}

const SPEC = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier in a source text: static, side-effect, dynamic imports and requires. */
export function importsOf(source: string): string[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of noComments.matchAll(SPEC)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (spec) out.push(spec);
  }
  return out;
}

export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const BUILTINS = new Set(builtinModules);
export const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!);

export interface Violation {
  file: string;
  spec: string;
  reason: string;
}

/** Checks one file's imports. `relFile` is repo-relative with forward slashes. */
export function checkFile(relFile: string, source: string): Violation[] {
  const from = worldOf(relFile);
  if (!from) return [];
  const rule = RULES[from];
  const violations: Violation[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relFile), spec));
      const to = worldOf(target);
      if (!to) {
        violations.push({ file: relFile, spec, reason: `imports ${target}, outside every code world` });
        continue;
      }
      if (!rule.worlds.includes(to)) {
        violations.push({ file: relFile, spec, reason: `${from} must not import ${to} (${target})` });
        continue;
      }
      const only = rule.onlyFiles?.[to];
      if (only && !only.includes(target)) violations.push({ file: relFile, spec, reason: `${from} may import only ${only.join(', ')} from ${to}, not ${target}` });
    } else if (isBuiltin(spec)) {
      if (!rule.nodeBuiltins) violations.push({ file: relFile, spec, reason: `${from} must not import Node builtins` });
    } else {
      const pkg = packageName(spec);
      if (rule.packages !== 'any' && !rule.packages.includes(pkg)) {
        violations.push({ file: relFile, spec, reason: `${from} must not import the package ${pkg}` });
      }
    }
  }
  return violations;
}

export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts)$/.test(e.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}
