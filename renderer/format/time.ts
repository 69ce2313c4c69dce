import { formatFor } from '../i18n/format.ts';
import { currentLang } from '../i18n/instance.ts';
import { systemStore } from '../stores/systemStore.ts';

/**
 * The older formatting helpers, now in the language in force and the plant's time zone (they delegate
 * to renderer/i18n/format.ts). Components should take `useFormat()` instead: it re-renders on a change
 * of language; these read the language at the moment they are called.
 */
const zone = (timeZone: string | undefined): string | undefined => timeZone ?? systemStore.getState().info?.timeZone;

/** "45 s", "12 min 05 s", "2 h 10 min", "3 d 4 h". Negative spans (clock skew) read as 0 s. */
export const formatDuration = (ms: number): string => formatFor(currentLang(), undefined).duration(ms);

/** "14:03:22" in the plant's time zone (the page's own zone until system.info names it). */
export const formatClock = (at: number, timeZone?: string): string => formatFor(currentLang(), zone(timeZone)).clock(at);

/** "12.345" / "12,345", or an em dash when there is no value at all. */
export const formatCount = (value: number | null): string => formatFor(currentLang(), undefined).count(value);
