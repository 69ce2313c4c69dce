// Defect 13.9 and its class: every date, time, number and id field of every command, given a malformed
// value while the rest of the request is valid, is answered BAD_REQUEST naming that field in plain
// words — never INTERNAL (a handler that crashed on it), never a thrown dispatch. Runs the real core on
// the real demo plant, signed in as one person holding every role, so each command reaches its handler.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import { commands } from '../../../../../shared/contract/commands.ts';
import type { Envelope } from '../../../../../shared/contract/envelope.ts';
import type { CommandSpec } from '../../../../../shared/contract/spec.ts';
import { type CoreHarness, startCoreWithDemoPlant } from '../../../../fixtures/coreHarness.ts';

const RUNS = Number(process.env.CONTRACT_FIELD_RUNS ?? 25);
const table = commands as unknown as Record<string, CommandSpec>;

// ---- a valid request for any command, built from its zod schema ---------------------------------

type Def = { type: string; [k: string]: unknown };
const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const today = new Date().toISOString().slice(0, 10);
/** Values a leaf may take, tried in order until the leaf's own schema accepts one. */
const STRING_CANDIDATES = ['L1', '1001123', '0010', today, 'A1', 'BADGE-0000', 'demo-nobody', randomUUID(), 'Early', 'checked by the fuzz test', 'nsu=urn:demo;s=Line1.Good', 'a'.repeat(40) + ':'.repeat(19), 'sealing'];
const NUMBER_CANDIDATES = [60, 5, 1, 0, Date.now() - 3_600_000, 1.5];

function sample(s: z.ZodType): { ok: true; value: unknown } | { ok: false } {
  const d = def(s);
  const tryValues = (vals: unknown[]) => {
    for (const v of vals) if (s.safeParse(v).success) return { ok: true as const, value: v };
    return { ok: false as const };
  };
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return sample(d.innerType as z.ZodType);
    case 'pipe':
      return tryValues([...STRING_CANDIDATES, ...NUMBER_CANDIDATES]);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        const t = def(v).type;
        if (t === 'optional' || t === 'default') continue;
        const r = sample(v);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return { ok: true, value: out };
    }
    case 'union': {
      for (const o of d.options as z.ZodType[]) {
        const r = sample(o);
        if (r.ok && s.safeParse(r.value).success) return r;
      }
      return { ok: false };
    }
    case 'array': {
      const r = sample(d.element as z.ZodType);
      return r.ok ? tryValues([[r.value], []]) : tryValues([[]]);
    }
    case 'enum':
      return { ok: true, value: Object.values(d.entries as Record<string, unknown>)[0] };
    case 'literal':
      return { ok: true, value: (d.values as unknown[])[0] };
    case 'boolean':
      return { ok: true, value: false };
    case 'record':
      return { ok: true, value: {} };
    case 'string':
      return tryValues(STRING_CANDIDATES);
    case 'number':
      return tryValues(NUMBER_CANDIDATES);
    default:
      return tryValues([...STRING_CANDIDATES, ...NUMBER_CANDIDATES, {}, null]);
  }
}

/** A leaf field: where it is in a request, and the request (one per union variant) it lives in. */
interface Leaf {
  key: string;
  base: Record<string, unknown>;
  path: (string | number)[];
  kind: 'string' | 'number' | 'other';
}

function leaves(key: string, s: z.ZodType, base: Record<string, unknown>, path: (string | number)[], out: Leaf[]): void {
  const d = def(s);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly': {
      // An optional part absent from the request: fuzz its fields inside a valid instance of it.
      const inner = d.innerType as z.ZodType;
      const t = def(inner).type;
      if (pathValue(base, path) == null && (t === 'object' || t === 'array')) {
        const r = sample(inner);
        if (r.ok) base = setAt(base, path, r.value);
      }
      return leaves(key, inner, base, path, out);
    }
    case 'pipe':
      return leaves(key, d.in as z.ZodType, base, path, out);
    case 'object':
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) leaves(key, v, base, [...path, k], out);
      return;
    case 'array': {
      const current = pathValue(base, path);
      if (!Array.isArray(current) || current.length === 0) {
        const r = sample(d.element as z.ZodType);
        if (r.ok) base = setAt(base, path, [r.value]);
      }
      return leaves(key, d.element as z.ZodType, base, [...path, 0], out);
    }
    case 'union':
      // Each variant of a discriminated union gets its own valid request, so its fields are reached.
      for (const o of d.options as z.ZodType[]) {
        const r = sample(o);
        if (!r.ok) continue;
        const variantBase = path.length === 0 ? (r.value as Record<string, unknown>) : setAt(base, path, r.value);
        leaves(key, o, variantBase, path, out);
      }
      return;
    case 'enum':
    case 'literal':
    case 'boolean':
    case 'record':
    case 'unknown':
      return;
    default:
      if (path.length) out.push({ key, base, path, kind: d.type === 'string' ? 'string' : d.type === 'number' ? 'number' : 'other' });
  }
}

function setAt(obj: unknown, path: (string | number)[], value: unknown): Record<string, unknown> {
  const root = structuredClone(obj ?? {}) as Record<string, unknown>;
  let cur: Record<string | number, unknown> = root;
  path.forEach((p, i) => {
    if (i === path.length - 1) cur[p] = value;
    else {
      if (cur[p] === undefined || cur[p] === null || typeof cur[p] !== 'object') cur[p] = typeof path[i + 1] === 'number' ? [] : {};
      cur = cur[p] as Record<string | number, unknown>;
    }
  });
  return root;
}

const pathText = (path: (string | number)[]) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

// ---- malformed values ------------------------------------------------------------------------------

const IMPOSSIBLE_DATES = ['2026-13-45', '2026-02-30', '2026-00-10', '2026-04-31', '0000-00-00', '9999-99-99', '2026-12-00'];
const MALFORMED_TIMES = ['24:00', '12:60', '99:99', '-1:00', '7:5'];
const BAD_NUMBERS = [-1, -0.5, 0.5, 1e300, -1e300, 8.64e15 + 1, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const BAD_STRINGS = ['', ' ', 'x'.repeat(5000), '\u0000', 'a\nb', 'a\uD800b', '../../etc/passwd', "1'; DROP TABLE hold;--", '💥'.repeat(200), '\u202Eabc', 'L1\u0000', '1e999', 'NaN', '-1'];

const malformed = fc.oneof(
  fc.constantFrom<unknown>(...IMPOSSIBLE_DATES, ...MALFORMED_TIMES, ...BAD_NUMBERS, ...BAD_STRINGS, null, true, {}, []),
  fc.double(),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }),
);

/** Values no field may accept: never finite, never a safe integer, never a calendar day. */
const mustBeRefused = (leaf: Leaf, v: unknown): boolean => {
  if (typeof v === 'number' && (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER)) return true;
  const sampleValue = pathValue(leaf.base, leaf.path);
  if (typeof sampleValue === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(sampleValue) && typeof v === 'string' && IMPOSSIBLE_DATES.includes(v)) return true;
  // A NUL or half of a surrogate pair: SQLite, ABAP and UTF-8 on the wire do not keep it as typed.
  if (typeof v === 'string' && /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v)) return true;
  return false;
};

function pathValue(obj: unknown, path: (string | number)[]): unknown {
  let cur = obj as Record<string | number, unknown> | undefined;
  for (const p of path) cur = cur?.[p] as Record<string | number, unknown> | undefined;
  return cur;
}

// ---- the property ------------------------------------------------------------------------------------

let h: CoreHarness;
let sessionId = '';

beforeAll(async () => {
  h = await startCoreWithDemoPlant();
  const admin = h.core.openSession();
  const signIn = await h.core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' }, admin);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const all = await h.core.dispatch('users.create', { userName: 'fieldfuzz', displayName: 'Field Fuzz', badgeId: null, roles: ['supervisor', 'planner', 'quality', 'admin', 'viewer'], pin: '135790' }, admin);
  if (!all.ok) throw new Error(all.error.message);
  sessionId = h.core.openSession();
  const r = await h.core.dispatch('auth.signIn', { method: 'name', userName: 'fieldfuzz', pin: '135790' }, sessionId);
  if (!r.ok) throw new Error(r.error.message);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

/** Commands that end this session or its sign-in would make the rest of the run vacuous. */
const SKIP = new Set(['auth.signOut', 'auth.lock', 'auth.signIn', 'auth.bootstrap', 'auth.resume', 'auth.setSettings']);

describe('contract fields: a malformed value in any field is bad input, named', () => {
  it('every date, time, number and id of every command: BAD_REQUEST naming the field, never INTERNAL', async () => {
    const all: Leaf[] = [];
    const unsampled: string[] = [];
    for (const [key, spec] of Object.entries(table)) {
      if (SKIP.has(key)) continue;
      const base = sample(spec.req);
      if (!base.ok) {
        unsampled.push(key);
        continue;
      }
      leaves(key, spec.req, base.value as Record<string, unknown>, [], all);
    }
    expect(unsampled).toEqual([]);
    expect(all.length).toBeGreaterThan(60);

    const findings = new Map<string, string>();
    let handled = 0;
    for (const leaf of all) {
      await fc.assert(
        fc.asyncProperty(malformed, async (value) => {
          const payload = setAt(leaf.base, leaf.path, value);
          // Every kind of finding per field is kept (the first example), and the run goes on, so one
          // unnamed refusal does not hide a crash further on.
          const note = (kind: string, text: string) => {
            const k = `${kind} ${leaf.key} ${pathText(leaf.path)}`;
            if (!findings.has(k)) findings.set(k, text);
          };
          let r: Envelope<unknown>;
          try {
            r = await h.core.dispatch(leaf.key, payload, sessionId);
          } catch (e) {
            note('threw', `dispatch threw ${(e as Error).message}`);
            return true;
          }
          if (r.ok || r.error.code !== 'BAD_REQUEST') handled++;
          const where = `${leaf.key} ${pathText(leaf.path)} = ${JSON.stringify(value)?.slice(0, 60)}`;
          if (!r.ok && r.error.code === 'INTERNAL') {
            note('INTERNAL', `INTERNAL for ${where}: ${r.error.message.slice(0, 100)}`);
            return true;
          }
          if (mustBeRefused(leaf, value) && (r.ok || r.error.code !== 'BAD_REQUEST')) {
            note('accepted', `accepted ${where} (${r.ok ? 'ok' : r.error.code})`);
            return true;
          }
          // A payload refusal carries its problems by path; a handler's own refusal (no line L1 here) is words only.
          if (!r.ok && r.error.code === 'BAD_REQUEST' && Array.isArray(r.error.details)) {
            const problems = (r.error.details ?? []) as { path: string; message: string }[];
            const mine = problems.find((p) => p.path === pathText(leaf.path) || pathText(leaf.path).startsWith(`${p.path}`));
            // Named: the problem sits at this field, and its message leads with the field in words, not the command key.
            const named = mine !== undefined && /^[A-Z][^:]{0,60}: /.test(mine.message) && !r.error.message.includes(leaf.key);
            if (!named) {
              note('unnamed', `unnamed BAD_REQUEST for ${where}: ${r.error.message.slice(0, 120)}`);
              return true;
            }
          }
          return true;
        }),
        { numRuns: RUNS, seed: 13_009 },
      ).catch((e: Error) => {
        if (!findings.has(`${leaf.key} ${pathText(leaf.path)}`)) findings.set(`${leaf.key} ${pathText(leaf.path)}`, `property error: ${e.message.slice(0, 300)}`);
      });
    }
    console.log(`contract fields: ${all.length} fields of ${new Set(all.map((l) => l.key)).size} commands, ${RUNS} malformed values each; ${handled} reached a handler; ${findings.size} findings`);
    if (findings.size) console.log(`contract field findings (${findings.size}):\n${[...findings.values()].join('\n')}`);
    // Still signed in as the all-roles person: the run reached the handlers, it did not pass by being refused.
    const who = await h.core.dispatch('session.current', {}, sessionId);
    expect(who.ok && (who.value as { userId: string }).userId).not.toBe('anonymous');
    expect(handled).toBeGreaterThan(0);
    expect([...findings.values()]).toEqual([]);
  }, 600_000);
});
