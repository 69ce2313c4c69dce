import path from 'node:path';

/**
 * The shape of electron/core (architecture.md §10) as rules over imports:
 * - platform/ knows no feature;
 * - a feature reaches another feature only through that feature's index.ts (its one door);
 * - no import cycle anywhere (type-only imports are erased before run time and are left out).
 */
export const CORE = 'electron/core/';
const FEATURES = `${CORE}features/`;
const PLATFORM = `${CORE}platform/`;

export interface Edge {
  from: string;
  to: string;
  spec: string;
  typeOnly: boolean;
}

const EDGE = /(?:^|[\s;])(import|export)(\s+type)?\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of one file, resolved to repo-relative paths. */
export function edgesOf(relFile: string, source: string): Edge[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: Edge[] = [];
  for (const m of noComments.matchAll(EDGE)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (!spec || !spec.startsWith('.')) continue;
    // `import { type A, type B } from` is type-only too.
    const braces = /\{([^}]*)\}/.exec(m[0])?.[1];
    const allTypes = braces !== undefined && braces.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    out.push({ from: relFile, to: path.posix.normalize(path.posix.join(path.posix.dirname(relFile), spec)), spec, typeOnly: !!m[2] || allTypes });
  }
  return out;
}

const featureOf = (p: string): string | null => (p.startsWith(FEATURES) ? p.slice(FEATURES.length).split('/')[0]! : null);

/** Feature and platform rules for one file's edges. */
export function featureViolations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const to = featureOf(e.to);
    if (to === null) continue;
    if (e.from.startsWith(PLATFORM)) {
      out.push(`${e.from}: '${e.spec}' — platform code must not import a feature (${to})`);
      continue;
    }
    const from = featureOf(e.from);
    if (from === to) continue;
    if (e.to !== `${FEATURES}${to}/index.ts`) out.push(`${e.from}: '${e.spec}' — another feature only through its index.ts (${FEATURES}${to}/index.ts)`);
  }
  return out;
}

/** Every import cycle (strongly connected set of two or more files, or a file importing itself), value imports only. */
export function importCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (e.typeOnly) continue;
    if (!graph.has(e.from)) graph.set(e.from, []);
    graph.get(e.from)!.push(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return cycles;
}
