import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { type Catalogue, type Lang, LOCALES } from '../../shared/i18n/index.ts';

/** Every catalogue of every language: `resources` of shared/i18n, or a planted set in the test. */
export type Resources = Readonly<Record<string, Readonly<Record<string, Catalogue>>>>;

/** `{ a: { b: 'x' } }` → [['a.b', 'x']]; a value that is neither text nor group is reported as a problem. */
export function flatten(c: Catalogue, prefix = '', bad: string[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push([key, v]);
    else if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v, key, bad));
    else bad.push(key);
  }
  return out;
}

type IcuNode = { type: number; value?: string; options?: Record<string, { value: IcuNode[] }>; children?: IcuNode[] };
// intl-messageformat's AST types: 0 literal, 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 7 pound, 8 tag.
function placeholders(nodes: IcuNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.type >= 1 && n.type <= 6 && n.value) out.add(n.value);
    if (n.options) for (const o of Object.values(n.options)) placeholders(o.value, out);
    if (n.children) placeholders(n.children, out);
    if (n.type === 8 && n.value) out.add(`<${n.value}>`);
  }
  return out;
}

/**
 * Problems of a set of catalogues: a key one language has and another lacks, a message that is not valid
 * ICU, different placeholders in two languages, an empty text, a value that is not text.
 */
export function checkCatalogues(resources: Resources): string[] {
  const problems: string[] = [];
  const langs = Object.keys(resources);
  const namespaces = new Set(langs.flatMap((l) => Object.keys(resources[l]!)));
  for (const ns of namespaces) {
    const flat = new Map<string, Map<string, string>>();
    for (const lang of langs) {
      const cat = resources[lang]![ns];
      if (!cat) {
        problems.push(`${lang}/${ns}: the namespace is missing`);
        continue;
      }
      const bad: string[] = [];
      flat.set(lang, new Map(flatten(cat, '', bad)));
      for (const b of bad) problems.push(`${lang}/${ns}: ${b} is not a text`);
    }
    const all = new Set([...flat.values()].flatMap((m) => [...m.keys()]));
    for (const key of [...all].sort()) {
      const names = new Map<string, string>();
      for (const lang of langs) {
        const text = flat.get(lang)?.get(key);
        if (text === undefined) {
          if (flat.has(lang)) problems.push(`${lang}/${ns}: ${key} is missing (another language has it)`);
          continue;
        }
        if (text.trim() === '') {
          problems.push(`${lang}/${ns}: ${key} is empty`);
          continue;
        }
        try {
          const ast = new IntlMessageFormat(text, LOCALES[lang as Lang] ?? lang, undefined, { ignoreTag: true }).getAst() as IcuNode[];
          names.set(lang, [...placeholders(ast)].sort().join(','));
        } catch (e) {
          problems.push(`${lang}/${ns}: ${key} is not valid ICU (${(e as Error).message})`);
        }
      }
      if (new Set(names.values()).size > 1) problems.push(`${ns}: ${key} has different placeholders: ${[...names].map(([l, p]) => `${l} {${p}}`).join(' vs ')}`);
    }
  }
  return problems;
}

/** Every msg('key') in the source files under the given folders (the keys the core can produce). */
export function msgKeysIn(roots: readonly string[]): { file: string; key: string }[] {
  const out: { file: string; key: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(e.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bmsg\(\s*(['"`])([^'"`$]+)\1/g)) out.push({ file: p, key: m[2]! });
      }
    }
  };
  for (const r of roots) walk(r);
  return out;
}
