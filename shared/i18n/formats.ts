/**
 * Named ICU formats every catalogue may use, the same in the core (render.ts) and the renderer (i18next-icu):
 *   `{day, date, plantDay}`   → "Wed 2 Dec" / "Mi., 2. Dez."
 *   `{at, time, plantClock}`  → "22:04" (24-hour in both languages)
 * Their parameter is a plant wall-clock time as a number (`plantWallClock(ms, …)`): the plant's local date
 * and time written as if it were UTC, and formatted in UTC. So a German reader in another time zone, a
 * browser set to another zone, and the core all show the plant's day and time, never their own.
 */
export const ICU_FORMATS = {
  number: {},
  date: {
    plantDay: { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
  },
  time: {
    plantClock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' },
  },
} as const satisfies { number: Record<string, Intl.NumberFormatOptions>; date: Record<string, Intl.DateTimeFormatOptions>; time: Record<string, Intl.DateTimeFormatOptions> };

/** The plant's wall clock at `ms` (in IANA `zone`), as a UTC instant with the same fields: the parameter of plantDay/plantClock. */
export function plantWallClock(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(ms);
  const n = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}
