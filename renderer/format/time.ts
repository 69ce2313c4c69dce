/** "45 s", "12 min 05 s", "2 h 10 min", "3 d 4 h". Negative spans (clock skew) read as 0 s. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "14:03:22" in the plant's time zone (the page's own zone until system.info names it). */
export function formatClock(at: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let f = clockFormats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    }
    clockFormats.set(key, f);
  }
  return f.format(at);
}

const countFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "12,345", or an em dash when there is no value at all. */
export const formatCount = (value: number | null): string => (value === null ? '—' : countFormat.format(value));
