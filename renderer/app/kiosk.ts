import { useEffect, useState } from 'react';

/**
 * Wall-board (kiosk / andon) mode. Two ways in:
 * - `npm run serve -- --kiosk` prints an address with `kiosk=1`: that page is a wall board for good,
 *   with no way back to the console's screens (`locked`);
 * - a viewer (or anyone) opens `#/kiosk`, e.g. from the "Wall board" button: Escape leaves it.
 * `rotate=<seconds>` (at least 5) turns through the lines one at a time between full views of all lines.
 */
export interface KioskMode {
  readonly on: boolean;
  readonly locked: boolean;
  readonly rotateSec: number | null;
}

export const KIOSK_HASH = '#/kiosk';

export function kioskModeOf(search: string, hash: string): KioskMode {
  const q = new URLSearchParams(search);
  const hq = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  const locked = q.get('kiosk') === '1';
  const on = locked || hash === KIOSK_HASH || hash.startsWith(`${KIOSK_HASH}?`) || hash.startsWith(`${KIOSK_HASH}/`);
  const r = Number(hq.get('rotate') ?? q.get('rotate') ?? '');
  return { on, locked, rotateSec: Number.isFinite(r) && r >= 5 ? Math.round(r) : null };
}

export function useKioskMode(): KioskMode {
  const read = () => (typeof window === 'undefined' ? { on: false, locked: false, rotateSec: null } : kioskModeOf(window.location.search, window.location.hash));
  const [mode, setMode] = useState<KioskMode>(read);
  useEffect(() => {
    const on = () => setMode(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return mode;
}
