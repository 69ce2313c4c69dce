import { IntlMessageFormat } from 'intl-messageformat';
import { type Lang, LOCALES, type Message, type Namespace, lookup } from './index.ts';

const cache = new Map<string, IntlMessageFormat>();

/**
 * A catalogue text in one language, outside React (the core's English `error` text beside a Message,
 * a notification, a test). Unknown keys come back as null, never as the key itself.
 */
export function renderText(lang: Lang, ns: Namespace, key: string, params?: Record<string, unknown>): string | null {
  const source = lookup(lang, ns, key);
  if (source === undefined) return null;
  const id = `${lang}\u0000${ns}\u0000${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new IntlMessageFormat(source, LOCALES[lang], undefined, { ignoreTag: true });
    cache.set(id, f);
  }
  const out = f.format(params as Record<string, string | number | boolean | null | undefined> | undefined);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A core Message in one language (English by default: the `error` text kept beside the Message). */
export const renderMessage = (m: Message, lang: Lang = 'en'): string | null => renderText(lang, 'core', m.key, m.params ?? undefined);
