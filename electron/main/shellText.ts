import { isLang, type Lang, type Message } from '../../shared/i18n/index.ts';
import { renderMessage, renderText } from '../../shared/i18n/render.ts';

/**
 * What the desktop shell (Electron main) says to a person: its notices on the window, the operating
 * system's notifications and the window title, from the same catalogues as the screens (namespace `shell`;
 * `core` for what the core hands over as a Message). Pure: no Electron import, so the language choice and
 * the texts are unit-tested without an Electron binary.
 */

/** A shell text in the language in force: key in namespace `shell` (or `core:...`), ICU parameters. */
export type ShellText = (key: string, params?: Record<string, string | number | boolean | null>) => string;

export interface ShellLanguageInputs {
  /** The last signed-in person's own language (AuthSession.language); null: they follow the plant; undefined: nobody signed in yet. */
  person?: Lang | null;
  /** The plant's language as the core reports it (SystemInfo.language: plant.language or --language). */
  plant?: Lang;
  /** The operating system's locale (Electron's app.getLocale(): "de-DE", "en-US", "de"), before the core has answered. */
  osLocale: string;
}

/** The shell's language: the last person's own, else the plant's, else the operating system's (German for any German locale, else English). */
export function shellLanguage(i: ShellLanguageInputs): Lang {
  if (i.person) return i.person;
  if (i.plant) return i.plant;
  return /^de\b/i.test(i.osLocale) ? 'de' : 'en';
}

/**
 * What an answer the shell passes on says about the language (the core's envelope `{ ok, value }`):
 * system.info gives the plant's, a session answer (sign-in, resume, language change, session) the person's.
 * Null when the answer says nothing about it. A sign-out or lock leaves the last person's language: the
 * notices of a screen nobody is signed in to stay in the language its last user read.
 */
export function languageOfAnswer(key: string, envelope: unknown): { plant: Lang } | { person: Lang | null } | null {
  const e = envelope as { ok?: unknown; value?: Record<string, unknown> } | null;
  if (!e || e.ok !== true || !e.value || typeof e.value !== 'object') return null;
  const v = e.value;
  if (key === 'system.info') return isLang(v['language']) ? { plant: v['language'] } : null;
  if (!key.startsWith('auth.')) return null;
  if (v['signedIn'] !== true || !('language' in v)) return null;
  const l = v['language'];
  return l === null ? { person: null } : isLang(l) ? { person: l } : null;
}

/**
 * The shell's texts in one language. Rendered with shared/i18n/render.ts (intl-messageformat, the ICU engine
 * under i18next-icu, on the same catalogues and formats), not an i18next instance: main's layer rule
 * (test/arch/layers.ts) admits no i18next, and the shell needs nothing but lookup and ICU. A key this build
 * does not know falls back to English, then to the key's last part, never to nothing.
 */
export function shellText(lang: Lang): ShellText {
  return (key, params) => {
    const at = key.indexOf(':');
    const ns = (at > 0 ? key.slice(0, at) : 'shell') as 'shell' | 'core';
    const k = at > 0 ? key.slice(at + 1) : key;
    return renderText(lang, ns, k, params) ?? renderText('en', ns, k, params) ?? k.slice(k.lastIndexOf('.') + 1);
  };
}

/** An operating-system notification from the core in `lang`: its messages when it sent them, else its text as sent. */
export function notificationText(n: { title: string; body: string; msg?: { title: Message; body: Message } }, lang: Lang): { title: string; body: string } {
  if (!n.msg) return { title: n.title, body: n.body };
  return { title: renderMessage(n.msg.title, lang) ?? n.title, body: renderMessage(n.msg.body, lang) ?? n.body };
}

/**
 * The language in force for the shell, fed by the answers it passes on; `text()` reads it at call time, so a
 * notice said after a person chose another language is in that language.
 */
export function shellLanguageState(osLocale: string): { readonly lang: () => Lang; readonly text: ShellText; observe(key: string, envelope: unknown): void } {
  const inputs: ShellLanguageInputs = { osLocale };
  const lang = () => shellLanguage(inputs);
  return {
    lang,
    text: (key, params) => shellText(lang())(key, params),
    observe(key, envelope) {
      const l = languageOfAnswer(key, envelope);
      if (!l) return;
      if ('plant' in l) inputs.plant = l.plant;
      else inputs.person = l.person;
    },
  };
}
