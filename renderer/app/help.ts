
import type { Translate } from '../i18n/index.tsx';

/**
 * The help panel of each screen: what it shows, what each action does and who may do it. The words are
 * in the `help` catalogue (shared/i18n/locales/<lang>/help.json), one entry per screen under
 * `screens.<key>`; "who" names the roles the core accepts for the action (shared/contract access lists).
 */
export interface ScreenHelp {
  readonly title: string;
  readonly shows: string;
  readonly actions: readonly { readonly action: string; readonly does: string; readonly who: string }[];
}

/** Route id → catalogue key (`shift-close` → `shiftClose`). */
export const helpKey = (routeId: string): string => routeId.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The help of a screen in the language of `t` (a `help` translator), or null when the screen has none. */
export function screenHelp(t: Translate, routeId: string): ScreenHelp | null {
  const key = `screens.${helpKey(routeId)}`;
  if (!t(`${key}.title`, { defaultValue: '' })) return null;
  const actions = t(`${key}.actions`, { returnObjects: true, defaultValue: {} }) as unknown;
  const list = actions && typeof actions === 'object' ? Object.keys(actions as Record<string, unknown>) : [];
  return {
    title: t(`${key}.title`),
    shows: t(`${key}.shows`),
    actions: list.map((a) => ({ action: t(`${key}.actions.${a}.action`), does: t(`${key}.actions.${a}.does`), who: t(`${key}.actions.${a}.who`) })),
  };
}
