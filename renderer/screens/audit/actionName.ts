import { resources } from '../../../shared/i18n/index.ts';
import type { Translate } from '../../i18n/index.tsx';

/**
 * What an audit record's action was, in the reader's language: the command's catalogue name (the one a
 * role refusal uses, core `commands.*`), or for the events that are not commands (automatic locks, the
 * second person's confirmation, the interlock writes, a duplicate found...) audit `actions.*`. An action
 * this build does not know (a newer console wrote it) is shown as recorded rather than not at all.
 */

/** Audited events that are no command of their own (recordAudit calls in electron/core with their own action). */
export const EVENT_ACTIONS = [
  'auth.autoLock',
  'auth.lockout',
  'users.seedDemo',
  'holds.confirmRelease',
  'holds.releasedElsewhere',
  'holds.interlockSet',
  'holds.interlockClear',
  'production.acceptHeldJump',
  'production.rejectHeldJump',
  'cases.addRepeatedStop',
  'outbox.duplicateFound',
  'hub.paired',
] as const;

const commandGroups = resources.en.core.commands as Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Every command the catalogue names ("holds.place"), in catalogue order. */
export const COMMAND_ACTIONS: readonly string[] = Object.entries(commandGroups).flatMap(([group, names]) => Object.keys(names).map((n) => `${group}.${n}`));

const isCommand = (action: string): boolean => {
  const at = action.indexOf('.');
  return at > 0 && typeof commandGroups[action.slice(0, at)]?.[action.slice(at + 1)] === 'string';
};
const EVENTS: ReadonlySet<string> = new Set(EVENT_ACTIONS);

/** The catalogue key of an action's name, or null when this build has none. */
export function actionKey(action: string): string | null {
  if (EVENTS.has(action)) return ['audit:actions', action].join('.');
  if (isCommand(action)) return ['core:commands', action].join('.');
  return null;
}

const capital = (s: string, locale: string): string => (s ? s.charAt(0).toLocaleUpperCase(locale) + s.slice(1) : s);

/** "Eine Qualitätssperre setzen" / "Place a quality hold"; an unknown action as recorded. */
export function actionName(action: string, t: Translate, locale: string): string {
  const key = actionKey(action);
  return key ? capital(t(key), locale) : action;
}

/** The areas the filter offers ("every sign-in event" = prefix `auth.`), each with its actions, named. */
export function actionChoices(t: Translate, locale: string): { prefix: string; area: string; actions: { value: string; name: string }[] }[] {
  const all = [...COMMAND_ACTIONS, ...EVENT_ACTIONS];
  const prefixes = [...new Set(all.map((a) => a.slice(0, a.indexOf('.'))))];
  return prefixes.map((p) => ({
    prefix: `${p}.`,
    area: t(`audit:areas.${p}`),
    actions: all
      .filter((a) => a.startsWith(`${p}.`))
      .map((a) => ({ value: a, name: actionName(a, t, locale) }))
      .sort((x, y) => x.name.localeCompare(y.name, locale)),
  }));
}
