import path from 'node:path';
import { SyntaxKind } from 'typescript/unstable/ast';
import { API } from 'typescript/unstable/sync';
import { type Lang, LANGS, lookup, NAMESPACES, type Namespace } from '../../shared/i18n/index.ts';

/**
 * The "untranslated string" check: walks renderer .tsx files with the TypeScript compiler API (TypeScript 7's
 * API: the project is opened by tsgo, the AST read in JS) and reports every text a person would read that
 * does not come from a catalogue:
 *  - jsx-text: JSX text with a letter in it (`<b>Held</b>`);
 *  - ui-prop: a literal with a letter in a prop a person reads (title, placeholder, aria-label, alt, label, …);
 *  - jsx-child: a literal with a letter in a JSX child expression (`{ok ? 'Yes' : 'No'}`, `{`${n} parts`}`);
 *  - text-constant: a sentence-like literal anywhere else (two words, `'Not connected'`) or a literal in a
 *    property named like a text (`title: 'Alarms'`) — words kept in constants for the screen;
 *  - missing-key: `t('some.key')` (t from `useT('ns')`) whose key is not in that namespace in every language.
 * Literals handed to a function (`t('key')`, `fmt.count(n)`, `new Error('…')`), compared (`x === 'open'`),
 * used as a case label, an object key, a type, or as the value of a non-text prop (className, data-testid,
 * href, role, …) are not texts.
 */

export type Rule = 'jsx-text' | 'ui-prop' | 'jsx-child' | 'text-constant' | 'missing-key';
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: Rule;
  readonly text: string;
}

/** Props a person reads (or hears: aria-*). */
const UI_PROPS = new Set(['title', 'placeholder', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'alt', 'label', 'caption', 'summary', 'heading', 'hint', 'text', 'message', 'emptyText', 'helpText']);
/** Props that are never texts (their literals are names, classes, addresses). */
const NON_TEXT_PROPS = /^(className|class|key|id|href|src|role|type|name|htmlFor|form|method|target|rel|lang|dir|inputMode|autoComplete|pattern|accept|testId|variant|tone|size|kind|mode|align|data-.*|aria-(controls|describedby|labelledby|current|live|haspopup|expanded|hidden|invalid|pressed|selected|checked|busy|atomic|relevant|sort|orientation|owns|activedescendant|errormessage|details|flowto|keyshortcuts|level|modal|multiline|multiselectable|posinset|readonly|required|setsize|valuemax|valuemin|valuenow|disabled|autocomplete)|xmlns.*|viewBox|d|points|fill|stroke.*|transform|x|y|cx|cy|r|width|height|preserveAspectRatio|dominantBaseline|textAnchor|fontFamily|fontSize|fontWeight)$/;
/** Object properties whose string values are texts for a person. */
const TEXT_PROPERTY = /^(title|label|text|message|heading|placeholder|hint|help|description|caption|summary|none|empty|shows|does|who|action|button|close|tooltip|prompt|confirm|cancel|ok|yes|no|[a-z]+(Text|Label|Title|Message|Hint|Heading))$/;

const LETTER = /\p{L}/u;
/** A catalogue key (`nav.holds`, `common:actions.cancel`) or CSS classes (`button button--quiet`): names, not prose. */
const KEY = /^([a-z][A-Za-z0-9]*:)?[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;
const CLASSES = /^\s*[a-z0-9]+([_-]{1,2}[a-z0-9]+)*(\s+[a-z0-9]+([_-]{1,2}[a-z0-9]+)*)*\s*$/;
const notProse = (part: string): boolean =>
  !LETTER.test(part) || KEY.test(part.trim()) || (CLASSES.test(part) && part.split(/\s+/).some((tok) => /[a-z0-9][_-]/.test(tok)));
/** Two words, or a word followed by sentence punctuation: prose, not an identifier. */
const SENTENCE = /\p{L}{2,}[\p{L}\p{N}’']*[ \u00a0]+[\p{L}\p{N}(]|\p{L}{3,}[.:!?…]$/u;

type AnyNode = {
  kind: number;
  parent?: AnyNode;
  text?: string;
  pos: number;
  forEachChild<T>(v: (n: AnyNode) => T): T | undefined;
  [k: string]: unknown;
};

const k = SyntaxKind as unknown as Record<string, number>;
/** A node list (TypeScript 7 gives NodeArray; an array-like with `nodes` is read too). */
function listOf(x: unknown): AnyNode[] {
  if (Array.isArray(x)) return x as AnyNode[];
  const nodes = (x as { nodes?: unknown } | null | undefined)?.nodes;
  return Array.isArray(nodes) ? (nodes as AnyNode[]) : [];
}
const isString = (n: AnyNode) => n.kind === k.StringLiteral || n.kind === k.NoSubstitutionTemplateLiteral;

/** The literal texts of a string or template node (a template's fixed parts). */
function literalParts(n: AnyNode): string[] {
  if (isString(n)) return [n.text ?? ''];
  if (n.kind === k.TemplateExpression) {
    const head = (n.head as AnyNode).text ?? '';
    return [head, ...listOf(n.templateSpans).map((s) => ((s.literal as AnyNode).text ?? ''))];
  }
  return [];
}

function attrName(attr: AnyNode): string {
  const name = attr.name as AnyNode;
  if (name.kind === k.JsxNamespacedName) return `${(name.namespace as AnyNode).text}:${(name.name as AnyNode).text}`;
  return name.text ?? '';
}

/** Where a literal sits decides whether it is a text. Returns why it is not, or null when it is one. */
function exemptByPosition(n: AnyNode): string | null {
  const p = n.parent;
  if (!p) return null;
  if (p.kind === k.CallExpression || p.kind === k.NewExpression) {
    if (listOf(p.arguments).includes(n)) return 'argument';
  }
  if (p.kind === k.TaggedTemplateExpression) return 'tagged';
  if (p.kind === k.ImportDeclaration || p.kind === k.ExportDeclaration || p.kind === k.ExternalModuleReference || p.kind === k.ImportAttribute) return 'module';
  if (p.kind === k.LiteralType) return 'type';
  if (p.kind === k.CaseClause) return 'case';
  if (p.kind === k.ElementAccessExpression) return 'index';
  if (p.kind === k.PropertyAssignment && p.name === n) return 'key';
  if (p.kind === k.PropertySignature || p.kind === k.PropertyDeclaration || p.kind === k.MethodDeclaration) return 'key';
  if (p.kind === k.BinaryExpression) {
    const op = (p.operatorToken as AnyNode).kind;
    if ([k.EqualsEqualsEqualsToken, k.ExclamationEqualsEqualsToken, k.EqualsEqualsToken, k.ExclamationEqualsToken, k.InKeyword, k.InstanceOfKeyword].includes(op)) return 'comparison';
  }
  if (p.kind === k.JsxAttribute) return NON_TEXT_PROPS.test(attrName(p)) ? 'non-text prop' : null;
  return null;
}

/** The JSX attribute or child expression a literal belongs to, climbing through ?:, ||, ??, (), templates and arrays. */
function jsxContext(n: AnyNode): { kind: 'prop'; name: string } | { kind: 'child' } | null {
  let cur: AnyNode = n;
  let p = cur.parent;
  while (p) {
    if (p.kind === k.JsxAttribute) return { kind: 'prop', name: attrName(p) };
    if (p.kind === k.JsxExpression) {
      const host = p.parent;
      if (host && host.kind === k.JsxAttribute) return { kind: 'prop', name: attrName(host) };
      if (host && (host.kind === k.JsxElement || host.kind === k.JsxFragment)) return { kind: 'child' };
      return null;
    }
    const passThrough =
      p.kind === k.ConditionalExpression ||
      p.kind === k.ParenthesizedExpression ||
      p.kind === k.TemplateSpan ||
      p.kind === k.TemplateExpression ||
      p.kind === k.ArrayLiteralExpression ||
      p.kind === k.AsExpression ||
      p.kind === k.SatisfiesExpression ||
      (p.kind === k.BinaryExpression && [k.BarBarToken, k.QuestionQuestionToken, k.AmpersandAmpersandToken, k.PlusToken].includes((p.operatorToken as AnyNode).kind));
    if (p.kind === k.ConditionalExpression && p.condition === cur) return null;
    if (!passThrough) return null;
    cur = p;
    p = cur.parent;
  }
  return null;
}

function lineOf(source: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Namespace a translate function is bound to in this file: `const t = useT('holds')`, `const { t } = useTranslation('x')`. */
function boundTranslators(sf: AnyNode): Map<string, Namespace> {
  const out = new Map<string, Namespace>();
  const visit = (n: AnyNode): void => {
    if (n.kind === k.VariableDeclaration && n.initializer && (n.initializer as AnyNode).kind === k.CallExpression) {
      const call = n.initializer as AnyNode;
      const callee = call.expression as AnyNode;
      const first = listOf(call.arguments)[0];
      const name = n.name as AnyNode;
      if (callee.kind === k.Identifier && callee.text === 'useT' && name.kind === k.Identifier) {
        const ns = first && isString(first) ? first.text : 'common';
        if ((NAMESPACES as readonly string[]).includes(ns ?? '')) out.set(name.text!, ns as Namespace);
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

export function checkSourceFile(sf: AnyNode, file: string, source: string): Finding[] {
  const findings: Finding[] = [];
  const add = (n: AnyNode, rule: Rule, text: string) => findings.push({ file, line: lineOf(source, n.pos + 1), rule, text: text.trim().replace(/\s+/g, ' ').slice(0, 80) });
  const translators = boundTranslators(sf);

  const visit = (n: AnyNode): void => {
    if (n.kind === k.JsxText) {
      const t = n.text ?? '';
      if (LETTER.test(t)) add(n, 'jsx-text', t);
    } else if (isString(n) || n.kind === k.TemplateExpression) {
      const parts = literalParts(n);
      const text = parts.join('…');
      if (LETTER.test(text) && !parts.every(notProse) && exemptByPosition(n) === null) {
        const ctx = jsxContext(n);
        if (ctx?.kind === 'prop') {
          if (UI_PROPS.has(ctx.name) || (!NON_TEXT_PROPS.test(ctx.name) && parts.some((x) => SENTENCE.test(x)))) add(n, 'ui-prop', `${ctx.name}=${text}`);
        } else if (ctx?.kind === 'child') add(n, 'jsx-child', text);
        else {
          const p = n.parent;
          const prop = p && p.kind === k.PropertyAssignment ? ((p.name as AnyNode).text ?? '') : '';
          if (parts.some((x) => SENTENCE.test(x)) || (prop && TEXT_PROPERTY.test(prop))) add(n, 'text-constant', text);
        }
      }
      if (n.kind === k.TemplateExpression) {
        // Expressions inside a template may hold literals of their own.
        n.forEachChild(visit);
      }
      return;
    } else if (n.kind === k.CallExpression) {
      const callee = n.expression as AnyNode;
      if (callee.kind === k.Identifier && translators.has(callee.text!)) {
        const first = listOf(n.arguments)[0];
        if (first && isString(first)) {
          const raw = first.text!;
          const [ns, key] = raw.includes(':') ? (raw.split(':', 2) as [string, string]) : [translators.get(callee.text!)!, raw];
          const missing = (LANGS as readonly Lang[]).filter((lang) => !(NAMESPACES as readonly string[]).includes(ns) || !hasKey(lang, ns as Namespace, key));
          if (missing.length > 0) add(first, 'missing-key', `${ns}:${key} (not in ${missing.join(', ')})`);
        }
      }
    }
    if (n.kind === k.TypeReference || n.kind === k.LiteralType || n.kind === k.ImportDeclaration) return;
    n.forEachChild(visit);
  };
  visit(sf);
  return findings;
}

/** A key exists as a message, or as an ICU plural's base when i18next would pick it. */
function hasKey(lang: Lang, ns: Namespace, key: string): boolean {
  return lookup(lang, ns, key) !== undefined;
}

/**
 * Opens a TypeScript project and checks the .tsx files it holds under `under` (relative to the project's
 * folder). One tsgo process for all files.
 */
export function checkProject(configPath: string, under: string): Finding[] {
  const dir = path.dirname(path.resolve(configPath));
  const api = new API({ cwd: dir });
  try {
    const snapshot = api.updateSnapshot({ openProject: path.resolve(configPath) } as never);
    const project = snapshot.getProject(path.resolve(configPath)) ?? snapshot.getProjects()[0];
    if (!project) throw new Error(`TypeScript did not open ${configPath}`);
    const prefix = path.resolve(dir, under) + path.sep;
    const files = project.program.getSourceFileNames().filter((f) => path.resolve(f).startsWith(prefix) && (f.endsWith('.tsx') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))));
    const out: Finding[] = [];
    for (const f of files) {
      const sf = project.program.getSourceFile(f) as unknown as AnyNode & { text: string };
      out.push(...checkSourceFile(sf, path.relative(dir, f).split(path.sep).join('/'), sf.text));
    }
    return out;
  } finally {
    api.close();
  }
}
