import { useStore } from 'zustand';
import type { Envelope } from '../../shared/contract/envelope.ts';
import type { AuthSession } from '../../shared/contract/domains/auth.ts';
import { type Lang, isLang } from '../../shared/i18n/index.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { applyAuthSession, sessionStore } from '../stores/sessionStore.ts';
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

/** The plant's language as system.info says (German until it arrives). */
export const usePlantLang = (): Lang => useStore(systemStore, (s) => s.info?.language ?? 'de');

/**
 * The signed-in person chooses their own language (null: the plant's). The core keeps it with the person
 * and audits it; its answer is the session view, which switches this screen at once.
 */
export async function chooseLanguage(language: Lang | null): Promise<Envelope<AuthSession>> {
  const r = await activeClient().invoke('auth.setLanguage', { language });
  if (r.ok) applyAuthSession(r.value);
  return r;
}
