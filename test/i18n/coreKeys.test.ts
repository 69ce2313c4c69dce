import fs from 'node:fs';
import path from 'node:path';
import { commands } from '../../shared/contract/commands.ts';
import { EnvelopeShape } from '../../shared/contract/envelope.ts';
import { Role } from '../../shared/domain/actor.ts';
import { refuseKey } from '../../shared/contract/refusal.ts';
import { LANGS, lookup, msg } from '../../shared/i18n/index.ts';
import { renderMessage } from '../../shared/i18n/render.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Every key the core can put in a Message is in the `core` catalogue in both languages. The compiler checks
 * it already (msg/refuseKey take a CoreKey, a union made from the English catalogue: see the expect-error
 * lines below, which `npm test`'s type check runs); this scan also sees keys chosen at run time from a table
 * (explainFailure.ts: netKey/httpKey/explainOpcua) and keys written in plain strings.
 */
function coreKeysUsed(): { file: string; key: string }[] {
  const out: { file: string; key: string }[] = [];
  const patterns = [
    /\brefuseKey\(\s*'[A-Z_]+',\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g,
    /\bmsg\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g,
    // Keys returned from a table (a ternary chain or a return statement) in the explanation modules.
    /(?:return|\?|:)\s*'((?:net|remote|storage|opcua|payload|dispatch|session)\.[a-zA-Z]+)'/g,
  ];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const re of patterns) for (const m of text.matchAll(re)) out.push({ file: path.relative(repoRoot, p), key: m[1]! });
      }
    }
  };
  for (const root of ['electron/core', 'electron/main', 'shared']) walk(path.join(repoRoot, root));
  return out;
}

describe('core messages: every key the core produces is in the catalogue', () => {
  it('the scan finds the keys (so it cannot pass by seeing nothing), and each is there in German and English', () => {
    const used = coreKeysUsed();
    const keys = new Set(used.map((u) => u.key));
    for (const k of ['dispatch.forbidden', 'net.refused', 'remote.rejected', 'storage.busy', 'opcua.notConnected', 'outbox.noItem', 'people.notRecognised', 'shift.alreadyClosed']) expect(keys).toContain(k);
    const missing = used.filter((u) => LANGS.some((l) => lookup(l, 'core', u.key) === undefined)).map((u) => `${u.file}: ${u.key}`);
    expect(missing).toEqual([]);
  });

  it('every command has a catalogue name in both languages (role refusals name it), and every role one in common', () => {
    const missing = Object.keys(commands).filter((k) => LANGS.some((l) => !lookup(l, 'core', `commands.${k}`)));
    expect(missing).toEqual([]);
    const roles = Role.options.filter((r) => LANGS.some((l) => !lookup(l, 'common', `roles.${r}`)));
    expect(roles).toEqual([]);
  });

  it('a key that is not in the catalogue does not compile, and at run time renders as nothing rather than the key', () => {
    // @ts-expect-error: not a key of the core catalogue
    const m = msg('dispatch.noSuchKey');
    expect(renderMessage(m)).toBeNull();
    // @ts-expect-error: not a key of the core catalogue
    expect(() => refuseKey('CONFLICT', 'outbox.noSuchKey')).not.toThrow();
  });

  it('a parameter longer than the wire takes is shortened, so the reply stays readable on the other side', () => {
    const r = refuseKey('UNAVAILABLE', 'host.notStarted', { reason: 'x'.repeat(5000) });
    expect(EnvelopeShape.safeParse(r).success).toBe(true);
    expect(String(r.error.msg!.params!.reason).length).toBe(2000);
  });

  it('a refusal keeps its English text for whoever reads `message`, and the same text is the English catalogue entry', () => {
    const r = refuseKey('NOT_FOUND', 'outbox.noItem', { id: 'abc' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No outbox item abc', msg: { key: 'outbox.noItem', params: { id: 'abc' } } } });
    expect(renderMessage(r.error.msg!, 'de')).toBe('Kein Postausgangseintrag abc');
  });
});
