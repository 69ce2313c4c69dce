import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { ICU_FORMATS } from '../../shared/i18n/formats.ts';
import { type Lang, LOCALES, NAMESPACES, resources } from '../../shared/i18n/index.ts';

/**
 * A fresh i18next instance with ICU messages and every catalogue, speaking `lang`. Synchronous. Only the
 * console's own instance (`app`) becomes react-i18next's default; others reach components through a
 * provider (InLanguage), so a test's instance never leaks into another render.
 */
export function createI18n(lang: Lang, app = false): I18n {
  const instance = i18next.createInstance();
  instance.use(new ICU({ parseLngForICU: (lng: string) => LOCALES[lng as Lang] ?? lng, formats: ICU_FORMATS }));
  if (app) instance.use(initReactI18next);
  void instance.init({
      resources,
      lng: lang,
      // Both languages are complete (the catalogue test sees to it); English stands in only for a key a
      // half-finished change left out, never the key itself.
      fallbackLng: 'en',
      supportedLngs: ['de', 'en'],
      ns: [...NAMESPACES],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  return instance;
}

/** The console's instance; its language is the one in force (see language.ts). */
export const i18n: I18n = createI18n('de', true);

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'de');
