import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkProject, type Finding } from './untranslatedCheck.ts';

/**
 * Screens not yet moved to the catalogues (issue 18). TEMPORARY: whoever converts a screen removes it from
 * this list in the same commit; the test then holds it to the rule. Files of the shell, the components and
 * the sign-in, settings, users and kiosk screens are converted and are not (and must not be) on it.
 */
const NOT_YET_CONVERTED: Readonly<Record<string, string>> = {};

/**
 * Literals that look like text but are not, each with its reason. Keep it short: units, role names and
 * abbreviations like "OEE" are catalogue texts too.
 */
const NOT_TEXT: readonly { file: string; text: string; why: string }[] = [
  { file: 'renderer/screens/settings/DevicesPanel.tsx', text: 'npm run serve -- --attach https://<this hub>:<port> --pair … --fingerprint …', why: 'a command line to type, the same in every language' },
  { file: 'renderer/app/help.ts', text: 'screens.…', why: 'a catalogue key built from the screen id' },
  { file: 'renderer/screens/line/signalView.ts', text: 'NO DATA', why: 'a flag code; the card shows it through flagWord() from the catalogue' },
  { file: 'renderer/bridge/index.ts', text: 'wss:', why: 'a URL scheme' },
  { file: 'renderer/bridge/index.ts', text: 'No access token: open the address that `npm run serve` printed', why: 'the connection\'s close reason: technical detail, shown to the administrator only (Banners)' },
  { file: 'renderer/bridge/wsTransport.ts', text: 'connection refused or dropped', why: 'the connection\'s close reason: technical detail, shown to the administrator only (Banners)' },
  { file: 'renderer/bridge/wsTransport.ts', text: 'closed with code …', why: 'the connection\'s close reason: technical detail, shown to the administrator only (Banners)' },
  { file: 'renderer/stores/wireStreams.ts', text: 'Could not load …: …', why: 'the English text beside the notice\'s catalogue message (ui.couldNotLoad)' },
  { file: 'renderer/stores/wireStreams.ts', text: 'The core sent a … message this screen cannot read; it is ignored', why: 'the English text beside the notice\'s catalogue message (ui.unreadableData)' },
];

const show = (f: Finding) => `${f.file}:${f.line} [${f.rule}] ${f.text}`;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('untranslated strings (renderer .tsx and .ts, TypeScript compiler API)', () => {
  let findings: Finding[] = [];
  beforeAll(() => {
    findings = checkProject(path.join(repoRoot, 'tsconfig.renderer.json'), 'renderer');
  }, 120_000);

  it('every text a person reads comes from a catalogue', () => {
    const open = findings.filter((f) => !(f.file in NOT_YET_CONVERTED) && !NOT_TEXT.some((a) => a.file === f.file && f.text === a.text));
    expect(open.map(show)).toEqual([]);
  });

  it('keys a converted screen asks for exist in every language, also on screens still on the list', () => {
    expect(findings.filter((f) => f.rule === 'missing-key').map(show)).toEqual([]);
  });

  it('the "not yet converted" list names only files that still need it', () => {
    const stale = Object.keys(NOT_YET_CONVERTED).filter((file) => !fs.existsSync(path.join(repoRoot, file)) || !findings.some((f) => f.file === file));
    expect(stale, 'remove these from NOT_YET_CONVERTED: converted or gone').toEqual([]);
  });
});

describe('the untranslated check bites (planted cases)', () => {
  let found: Finding[] = [];
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'i18n-planted-'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { jsx: 'react-jsx', module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['src/**/*.tsx', 'src/**/*.ts'] }));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'Planted.tsx'),
      `declare function useT(ns?: string): (key: string, o?: object) => string;
declare const n: number; declare const ok: boolean; declare const state: string;
const WORDS = { title: 'Alarms', sentence: 'Not connected to the core' };
export function Planted() {
  const t = useT('common');
  if (state === 'stopped line') return null;
  return (
    <div className="button button--quiet" data-testid="planted-root" title="Plant time" aria-label={ok ? 'Open the list' : t('shell.help')}>
      Held production
      {ok ? 'Yes' : 'No'}
      {\`\${n} parts held\`}
      <span title={\`\${n}\`}>{t('shell.help')}</span>
      <span>{t('shell.noSuchKey')}</span>
      <span>{t('common:nav.holds')}</span>
      <input placeholder={t('shell.skip')} type="text" />
      {WORDS.title}
    </div>
  );
}
`,
    );
    // A store or model (.ts) that writes a sentence for a screen is held to the same rule.
    fs.writeFileSync(path.join(dir, 'src', 'plantedStore.ts'), `export const answer = (ok: boolean) => (ok ? { key: 'holds:answers.placed' } : { text: 'The hold could not be placed' });\n`);
    found = checkProject(path.join(dir, 'tsconfig.json'), 'src');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
  const has = (rule: Finding['rule'], text: string) => found.some((f) => f.rule === rule && f.text === text);

  it('finds JSX text, literals in text props and in child expressions, text constants and missing keys', () => {
    expect(has('text-constant', 'The hold could not be placed')).toBe(true);
    expect(found.some((f) => f.text === 'holds:answers.placed')).toBe(false);
    expect(has('jsx-text', 'Held production')).toBe(true);
    expect(has('ui-prop', 'title=Plant time')).toBe(true);
    expect(has('ui-prop', 'aria-label=Open the list')).toBe(true);
    expect(has('jsx-child', 'Yes')).toBe(true);
    expect(has('jsx-child', 'No')).toBe(true);
    expect(has('jsx-child', '… parts held')).toBe(true);
    expect(has('text-constant', 'Alarms')).toBe(true);
    expect(has('text-constant', 'Not connected to the core')).toBe(true);
    expect(has('missing-key', 'common:shell.noSuchKey (not in de, en)')).toBe(true);
  });

  it('leaves alone keys, class names, test ids, comparisons and prop values that are not texts', () => {
    const texts = found.map((f) => f.text);
    expect(texts.some((x) => x.includes('button--quiet') || x.includes('planted-root') || x.includes('stopped line') || x.includes('shell.help') || x === 'text')).toBe(false);
    expect(found.filter((f) => f.rule === 'missing-key')).toHaveLength(1);
    expect(found).toHaveLength(10); // 9 in the .tsx, 1 in the store (.ts)
  });
});
