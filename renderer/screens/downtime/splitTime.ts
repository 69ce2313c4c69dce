/**
 * "14:03:22" typed by a supervisor → the epoch ms inside [start, end] with that plant-local time of day
 * (events are short, so the candidates are the days around `start`); null when none lies inside.
 */
export function splitTimeFromInput(text: string, start: number, end: number, timeZone?: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const wanted = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  // Only the numbers of the plant-local time of day are read (formatToParts, Latin digits), never shown: no locale matters.
  const fmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', numberingSystem: 'latn', timeZone });
  const secondsOfDay = (t: number): number => {
    const part = (type: Intl.DateTimeFormatPartTypes): number => Number(fmt.formatToParts(t).find((p) => p.type === type)?.value ?? 0);
    return part('hour') * 3600 + part('minute') * 60 + part('second');
  };
  // Walk from the start in whole seconds offsets: the offset that lands on the wanted time of day.
  const startSec = Math.floor(start / 1000) * 1000;
  for (const dayShift of [0, 1, -1]) {
    const delta = (((wanted - secondsOfDay(startSec)) % 86_400) + 86_400) % 86_400;
    const t = startSec + (delta + dayShift * 86_400) * 1000;
    if (t > start && t < end) return t;
  }
  return null;
}
