import { type ReactNode, useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Lang, Message, Namespace } from '../../shared/i18n/index.ts';
import { withTerms } from '../../shared/i18n/render.ts';
import { useTimeZone } from '../stores/systemStore.ts';
import { type Format, formatFor } from './format.ts';
import { createI18n, currentLang, i18n } from './instance.ts';

export { i18n, createI18n, currentLang } from './instance.ts';
export { type Format, formatFor } from './format.ts';

/**
 * A translate function: a key (in the bound namespace, or `ns:key`) and its ICU parameters (plus i18next
 * options such as `defaultValue`). Plain on purpose: helpers take it without i18next's overloads.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The translate function of a namespace: `const t = useT('holds'); t('form.title')`; other namespaces as `t('common:actions.cancel')`. */
export function useT(ns: Namespace = 'common'): Translate {
  return useTranslation(ns).t as unknown as Translate;
}

/** The console instance's translate function, for code outside React (reads the language at call time). */
export const tNow: Translate = (key, options) => i18n.t(key, options as never) as unknown as string;

/** The language on this screen now (re-renders when it changes). */
export function useLang(): Lang {
  const { i18n: inst } = useTranslation();
  return inst.language === 'en' ? 'en' : 'de';
}

/** Intl formatters in the person's locale and the plant's time zone. */
export function useFormat(): Format {
  const lang = useLang();
  const timeZone = useTimeZone();
  return useMemo(() => formatFor(lang, timeZone), [lang, timeZone]);
}

/**
 * A text the core sent for a person, in the language on screen. `fallback` (the reply's English text)
 * is shown when the message is absent or its key unknown to this build, never the key itself.
 */
export function tMessage(m: Message | null | undefined, fallback = '', inst = i18n): string {
  if (!m || !inst.exists(m.key, { ns: 'core' })) return fallback;
  const lang: Lang = inst.language === 'en' ? 'en' : 'de';
  const params = withTerms(m, lang, (ns, key) => (inst.exists(key, { ns }) ? (inst.t(key, { ns }) as string) : null));
  return inst.t(m.key, { ns: 'core', ...(params ?? {}) }) as string;
}

/** tMessage bound to the language on screen (re-renders when it changes). */
export function useTMessage(): (m: Message | null | undefined, fallback?: string) => string {
  const { i18n: inst } = useTranslation('core');
  return (m, fallback = '') => tMessage(m, fallback, inst);
}

/**
 * Renders its children in one language with their own i18next instance: for tests
 * (`renderToStaticMarkup(<InLanguage lang="de"><HoldCard … /></InLanguage>)`) and previews.
 */
export function InLanguage({ lang, children }: { lang: Lang; children: ReactNode }) {
  const inst = useMemo(() => createI18n(lang), [lang]);
  return <I18nextProvider i18n={inst}>{children}</I18nextProvider>;
}

/** The app root's provider: the console's own instance, whose language language.ts keeps in force. */
export function I18nRoot({ children }: { children: ReactNode }) {
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}

/** The format of the language in force, for code outside React (models, chart tick labels). */
export const currentFormat = (timeZone: string | undefined): Format => formatFor(currentLang(), timeZone);
