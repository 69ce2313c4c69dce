import path from 'node:path';
import { LANGS, lookup, NAMESPACES, resources } from '../../shared/i18n/index.ts';
import { checkCatalogues, msgKeysIn } from './catalogueCheck.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('message catalogues (shared/i18n/locales)', () => {
  it('both languages have every namespace and every key, each a non-empty valid ICU message with the same placeholders', () => {
    expect(checkCatalogues(resources)).toEqual([]);
  });

  it('every namespace of NAMESPACES is loaded in every language', () => {
    for (const lang of LANGS) expect(Object.keys(resources[lang]).sort()).toEqual([...NAMESPACES].sort());
  });

  it("every msg('…') key the core and shared code can produce is in the core namespace in both languages", () => {
    const used = msgKeysIn([path.join(repoRoot, 'electron'), path.join(repoRoot, 'shared')]);
    const missing = used.filter((u) => LANGS.some((l) => lookup(l, 'core', u.key) === undefined)).map((u) => `${path.relative(repoRoot, u.file)}: ${u.key}`);
    expect(missing).toEqual([]);
  });
});

describe('the catalogue check bites (planted cases)', () => {
  const planted = {
    de: {
      a: {
        only: 'Nur hier',
        count: '{n, plural, one {# Auftrag} other {# Aufträge}}',
        renamed: 'Linie {lineName} steht',
        broken: 'Auftrag {order',
        blank: '  ',
        nested: { ok: 'Gut' },
      },
    },
    en: {
      a: {
        count: '{n, plural, one {# order} other {# orders}}',
        renamed: 'Line {line} is stopped',
        broken: 'Order {order}',
        blank: 'Blank',
        nested: { ok: 'Good', extra: 'Only in English' },
      },
    },
  };
  const problems = checkCatalogues(planted);
  it('a key one language lacks', () => {
    expect(problems).toContain('en/a: only is missing (another language has it)');
    expect(problems).toContain('de/a: nested.extra is missing (another language has it)');
  });
  it('invalid ICU', () => expect(problems.some((p) => p.startsWith('de/a: broken is not valid ICU'))).toBe(true));
  it('different placeholders', () => expect(problems).toContain('a: renamed has different placeholders: de {lineName} vs en {line}'));
  it('empty text', () => expect(problems).toContain('de/a: blank is empty'));
  it('plurals with the same argument pass', () => expect(problems.some((p) => p.includes('count'))).toBe(false));
  it('finds msg() keys in source', () => {
    const keys = msgKeysIn([path.join(repoRoot, 'test', 'i18n', 'fixtures')]).map((k) => k.key);
    expect(keys).toEqual(['errors.unexpected', 'planted.notInTheCatalogue']);
    expect(lookup('en', 'core', 'planted.notInTheCatalogue')).toBeUndefined();
  });
});
