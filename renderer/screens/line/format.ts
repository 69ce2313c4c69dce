import { currentLang } from '../../i18n/instance.ts';
import { formatFor } from '../../i18n/format.ts';

/** "87 %" (no break before the sign) with the digits of the language in force, or an em dash when the figure is not defined yet. */
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${formatFor(currentLang(), undefined).count(Math.round(x * 100))}\u00a0%`);
/** "118 /min" ("1.118 /min" in German). */
export const perMin = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${formatFor(currentLang(), undefined).count(Math.round(x))}\u00a0/min`);
