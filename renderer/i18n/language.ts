import { type Lang, isLang } from '../../shared/i18n/index.ts';
import { sessionStore } from '../stores/sessionStore.ts';
import { systemStore } from '../stores/systemStore.ts';
import { i18n } from './instance.ts';

/**
 * The language in force: the signed-in person's own choice, else the plant's (plant.language, or serve's
 * --language); before sign-in, and on a locked screen, the plant's. German until system.info says.
 */
export function languageInForce(person: Lang | null | undefined, plant: Lang | undefined): Lang {
  if (isLang(person)) return person;
  return plant ?? 'de';
}

function apply(): void {
  const session = sessionStore.getState().session;
  const person = session?.signedIn ? session.language : null;
  const lang = languageInForce(person, systemStore.getState().info?.language);
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Keeps the console's language in force as the plant info and the session change. Returns the unsubscribe. */
export function wireLanguage(): () => void {
  apply();
  const a = systemStore.subscribe((s) => s.info?.language, apply);
  const b = sessionStore.subscribe((s) => [s.session?.signedIn, s.session?.language].join('|'), apply);
  return () => {
    a();
    b();
  };
}
