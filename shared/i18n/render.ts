import { IntlMessageFormat } from 'intl-messageformat';
import { ICU_FORMATS } from './formats.ts';
import { type Lang, LOCALES, type Message, NAMESPACES, type Namespace, lookup } from './index.ts';

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
    f = new IntlMessageFormat(source, LOCALES[lang], ICU_FORMATS, { ignoreTag: true });
    cache.set(id, f);
  }
  const out = f.format(params as Record<string, string | number | boolean | null | undefined> | undefined);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A core Message in one language (English by default: the `error` text kept beside the Message). */
export const renderMessage = (m: Message, lang: Lang = 'en'): string | null =>
  renderText(lang, 'core', m.key, withTerms(m, lang, (ns, key) => renderText(lang, ns, key)));

/**
 * A Message's parameters with its `terms` rendered in `lang` (see Message.terms): `text(ns, key)` is the
 * catalogue lookup of whoever renders (the core's renderText, the renderer's i18next instance). A term
 * whose key this build does not know shows its key's last part rather than nothing.
 */
export function withTerms(m: Message, lang: Lang, text: (ns: Namespace, key: string) => string | null): Record<string, unknown> | undefined {
  if (!m.terms) return m.params ?? undefined;
  const one = (ref: string): string => {
    const at = ref.indexOf(':');
    const ns = (at > 0 ? ref.slice(0, at) : 'core') as Namespace;
    const key = at > 0 ? ref.slice(at + 1) : ref;
    return ((NAMESPACES as readonly string[]).includes(ns) ? text(ns, key) : null) ?? key.slice(key.lastIndexOf('.') + 1);
  };
  const out: Record<string, unknown> = { ...(m.params ?? {}) };
  for (const [name, ref] of Object.entries(m.terms)) {
    out[name] = Array.isArray(ref) ? new Intl.ListFormat(LOCALES[lang], { type: 'disjunction' }).format(ref.map(one)) : one(ref);
  }
  return out;
}
