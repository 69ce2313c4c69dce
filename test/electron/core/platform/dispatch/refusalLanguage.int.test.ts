import type { AuthSession } from '../../../../../shared/contract/domains/auth.ts';
import type { Fail } from '../../../../../shared/contract/envelope.ts';
import { isLang, type Lang } from '../../../../../shared/i18n/index.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';
import { startPeopleHarness } from '../../features/people/peopleHarness.ts';

/**
 * A refusal the core gives through the real dispatcher carries its catalogue message beside the English
 * text; a screen shows it in the language in force for the person on it (their own choice, else the
 * plant's), which is how renderer/i18n/language.ts picks it from the session. The English `message` stays
 * what it was, so anything reading it (logs, other tests) reads the same.
 */
describe('refusals in the reader’s language, through the real dispatcher (people module, real SQLite)', () => {
  let h: Awaited<ReturnType<typeof startPeopleHarness>>;
  beforeEach(async () => {
    h = await startPeopleHarness();
  });
  afterEach(() => h.stop());

  const signedIn = async (badgeId: string, pin: string, language: Lang) => {
    const s = h.sessions.open();
    await h.call('auth.signIn', { method: 'badge', badgeId, pin }, s);
    const view = await h.call<AuthSession>('auth.setLanguage', { language }, s);
    return { s, lang: isLang(view.language) ? view.language : 'de' };
  };
  /** What the screen shows for a refusal: the message in the language in force, the English text as fallback. */
  const shown = (r: Fail, lang: Lang) => tMessage(r.error.msg, r.error.message, createI18n(lang));

  it('a German person reads the role refusal in German, an English person in English', async () => {
    const anna = await signedIn('BADGE-1001', '1111', 'de');
    const paul = await signedIn('BADGE-1002', '2222', 'en');
    const forAnna = await h.dispatch('users.list', {}, anna.s);
    const forPaul = await h.dispatch('users.list', {}, paul.s);
    if (forAnna.ok || forPaul.ok) throw new Error('a supervisor and a planner may not list users');
    expect(forAnna.error.code).toBe('FORBIDDEN');
    expect(forAnna.error.msg?.key).toBe('dispatch.forbidden');
    // The English text is unchanged for whoever reads `message`.
    expect(forAnna.error.message).toBe('Anna Berg may not list the people who may sign in; needs role admin');
    expect(anna.lang).toBe('de');
    // The command and the role by their German names: no English summary, no role id.
    expect(shown(forAnna, anna.lang)).toBe('Anna Berg darf das nicht (die Personen auflisten, die sich anmelden dürfen); dafür ist die Rolle Administrator nötig');
    expect(paul.lang).toBe('en');
    expect(shown(forPaul, paul.lang)).toBe('Paul Novak may not list the people who may sign in; it needs the role Administrator');
  });

  it('a command several roles may run names each role in the reader’s language, joined with its “or”', async () => {
    const anna = await signedIn('BADGE-1001', '1111', 'de');
    const r = await h.dispatch('audit.query', {}, anna.s);
    if (r.ok) throw new Error('a supervisor may not read the audit trail');
    expect(r.error.message).toBe('Anna Berg may not read the audit trail; needs role admin or quality');
    expect(shown(r, 'de')).toBe('Anna Berg darf das nicht (das Audit-Protokoll lesen); dafür ist die Rolle Administrator oder Qualitätsleiter nötig');
    expect(shown(r, 'en')).toBe('Anna Berg may not read the audit trail; it needs the role Administrator or Quality lead');
    expect(shown(r, 'de')).not.toMatch(/\b(admin|quality)\b/);
  });

  it('a wall board nobody is signed in to is named by the viewer role in the reader’s language, not the English “Viewer”', async () => {
    const board = h.sessions.open();
    const r = await h.dispatch('users.list', {}, board);
    if (r.ok) throw new Error('a wall board may not list users');
    expect(r.error.message).toBe('Viewer may not list the people who may sign in; needs role admin');
    expect(shown(r, 'de')).toBe('Betrachter darf das nicht (die Personen auflisten, die sich anmelden dürfen); dafür ist die Rolle Administrator nötig');
  });

  it('a wrong PIN and a lock read in the language of the screen, with plurals', async () => {
    const s = h.sessions.open();
    const wrong = await h.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '9999' }, s);
    if (wrong.ok) throw new Error('a wrong PIN signs nobody in');
    expect(shown(wrong, 'de')).toBe('Ausweis, Benutzername oder PIN nicht erkannt');
    expect(shown(wrong, 'en')).toBe('Badge, user name or PIN not recognised');
    let locked: Fail | null = null;
    for (let i = 0; i < 10 && !locked; i++) {
      const r = await h.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '9999' }, s);
      if (!r.ok && r.error.msg?.key === 'people.locked') locked = r;
    }
    if (!locked) throw new Error('repeated wrong PINs lock the badge');
    expect(shown(locked, 'de')).toMatch(/^Dieser Ausweis ist nach zu vielen Fehlversuchen für 1 Minute gesperrt/);
    expect(shown(locked, 'en')).toBe(locked.error.message);
    expect(locked.error.message).toMatch(/^This badge is locked for 1 minute after too many failed attempts/);
  });

  it('an unknown command and a screen without a session are refused in words of the catalogue too', async () => {
    const anna = await signedIn('BADGE-1001', '1111', 'de');
    const unknown = await h.dispatch('users.nope', {}, anna.s);
    const noSession = await h.dispatch('users.list', {}, 'made-up');
    if (unknown.ok || noSession.ok) throw new Error('refused');
    expect(shown(unknown, 'de')).toBe('Unbekannter Befehl „users.nope“');
    expect(unknown.error.message).toBe('Unknown command "users.nope"');
    expect(shown(noSession, 'de')).toBe('Dieser Bildschirm hat keine Sitzung mit dem Konsolenkern; bitte neu laden');
    expect(noSession.error.message).toBe('This screen has no session with the console core; reload it');
  });
});
