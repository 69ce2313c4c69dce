/**
 * The message catalogues of the console: one JSON file per namespace and language under ./locales, read
 * by the renderer (i18next), the core (renderMessage, for the English `error` text beside a Message) and
 * the tests (catalogue parity, untranslated strings). Keys are camelCase and grouped, never English text.
 *
 * Adding a namespace: create locales/de/<ns>.json and locales/en/<ns>.json, add the two imports and the
 * two entries in `resources` below, and add <ns> to NAMESPACES. Adding keys to an existing namespace
 * needs only the two JSON files.
 */
import { z } from 'zod';
import de_common from './locales/de/common.json' with { type: 'json' };
import en_common from './locales/en/common.json' with { type: 'json' };
import de_signin from './locales/de/signin.json' with { type: 'json' };
import en_signin from './locales/en/signin.json' with { type: 'json' };
import de_overview from './locales/de/overview.json' with { type: 'json' };
import en_overview from './locales/en/overview.json' with { type: 'json' };
import de_line from './locales/de/line.json' with { type: 'json' };
import en_line from './locales/en/line.json' with { type: 'json' };
import de_shift from './locales/de/shift.json' with { type: 'json' };
import en_shift from './locales/en/shift.json' with { type: 'json' };
import de_shiftClose from './locales/de/shiftClose.json' with { type: 'json' };
import en_shiftClose from './locales/en/shiftClose.json' with { type: 'json' };
import de_downtime from './locales/de/downtime.json' with { type: 'json' };
import en_downtime from './locales/en/downtime.json' with { type: 'json' };
import de_alerts from './locales/de/alerts.json' with { type: 'json' };
import en_alerts from './locales/en/alerts.json' with { type: 'json' };
import de_cases from './locales/de/cases.json' with { type: 'json' };
import en_cases from './locales/en/cases.json' with { type: 'json' };
import de_holds from './locales/de/holds.json' with { type: 'json' };
import en_holds from './locales/en/holds.json' with { type: 'json' };
import de_outbox from './locales/de/outbox.json' with { type: 'json' };
import en_outbox from './locales/en/outbox.json' with { type: 'json' };
import de_settings from './locales/de/settings.json' with { type: 'json' };
import en_settings from './locales/en/settings.json' with { type: 'json' };
import de_users from './locales/de/users.json' with { type: 'json' };
import en_users from './locales/en/users.json' with { type: 'json' };
import de_audit from './locales/de/audit.json' with { type: 'json' };
import en_audit from './locales/en/audit.json' with { type: 'json' };
import de_kiosk from './locales/de/kiosk.json' with { type: 'json' };
import en_kiosk from './locales/en/kiosk.json' with { type: 'json' };
import de_help from './locales/de/help.json' with { type: 'json' };
import en_help from './locales/en/help.json' with { type: 'json' };
import de_core from './locales/de/core.json' with { type: 'json' };
import en_core from './locales/en/core.json' with { type: 'json' };
import de_shell from './locales/de/shell.json' with { type: 'json' };
import en_shell from './locales/en/shell.json' with { type: 'json' };
/** The languages the console speaks, both complete. The order is the order offered in Settings. */
export const LANGS = ['de', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LangSchema = z.enum(LANGS);
export const isLang = (x: unknown): x is Lang => typeof x === 'string' && (LANGS as readonly string[]).includes(x);

/** The Intl locale of each language: numbers, dates and plural rules follow it (en-GB: 24-hour clock, day first). */
export const LOCALES: Readonly<Record<Lang, string>> = { de: 'de-DE', en: 'en-GB' };
/** Each language's name in itself, for the language picker (a German reader finds "English" as English). */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { de: 'Deutsch', en: 'English' };

export const NAMESPACES = [
  'common',
  'signin',
  'overview',
  'line',
  'shift',
  'shiftClose',
  'downtime',
  'alerts',
  'cases',
  'holds',
  'outbox',
  'settings',
  'users',
  'audit',
  'kiosk',
  'help',
  'core',
  'shell',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** A catalogue: nested groups of ICU message strings. */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

export const resources = {
  de: {
    common: de_common,
    signin: de_signin,
    overview: de_overview,
    line: de_line,
    shift: de_shift,
    shiftClose: de_shiftClose,
    downtime: de_downtime,
    alerts: de_alerts,
    cases: de_cases,
    holds: de_holds,
    outbox: de_outbox,
    settings: de_settings,
    users: de_users,
    audit: de_audit,
    kiosk: de_kiosk,
    help: de_help,
    core: de_core,
    shell: de_shell,
  },
  en: {
    common: en_common,
    signin: en_signin,
    overview: en_overview,
    line: en_line,
    shift: en_shift,
    shiftClose: en_shiftClose,
    downtime: en_downtime,
    alerts: en_alerts,
    cases: en_cases,
    holds: en_holds,
    outbox: en_outbox,
    settings: en_settings,
    users: en_users,
    audit: en_audit,
    kiosk: en_kiosk,
    help: en_help,
    core: en_core,
    shell: en_shell,
  },
} satisfies Record<Lang, Record<Namespace, Catalogue>>;

/** The dotted keys of a catalogue: { a: { b: '…' } } gives 'a.b'. */
export type KeysOf<C> = C extends string ? never : { [K in keyof C & string]: C[K] extends string ? K : `${K}.${KeysOf<C[K]>}` }[keyof C & string];
/** Every key of namespace `core` (the English catalogue; the catalogue test keeps German equal to it). */
export type CoreKey = KeysOf<typeof en_core>;

export type MessageParam = string | number | boolean | null;
/** A text the core means for a person: a key in namespace `core` and its ICU parameters. */
export interface Message {
  key: string;
  params?: Record<string, MessageParam>;
  /**
   * Parameters that are catalogue texts themselves, rendered in the reader's language before the message:
   * parameter name → `ns:key` (`common:roles.quality`), or a list of them joined with the language's "or"
   * ("Qualitätsleitung oder Administrator"). A command's name or a role is never sent as English words.
   */
  terms?: Record<string, string | string[]>;
}
const TermKey = z.string().min(1).max(200);
export const MessageSchema = z.object({
  key: z.string().min(1).max(200),
  params: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
  terms: z.record(z.string().max(64), z.union([TermKey, z.array(TermKey).max(20)])).optional(),
});

/** A core Message whose key the compiler checks against the `core` catalogue. */
export const msg = (key: CoreKey, params?: Record<string, MessageParam>): Message => (params ? { key, params } : { key });

/** The message string at a dotted key, or undefined. */
export function lookup(lang: Lang, ns: Namespace, key: string): string | undefined {
  let at: unknown = resources[lang][ns];
  for (const part of key.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' ? at : undefined;
}
