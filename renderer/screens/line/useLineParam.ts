import { useSyncExternalStore } from 'react';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** `#/line/L2` → "L2"; null when the hash names no line. */
export const lineIdFromHash = (hash: string): string | null => /^#\/?line\/([^/?]+)/.exec(hash)?.[1] ?? null;

export const useLineParam = (): string | null => useSyncExternalStore(subscribe, () => lineIdFromHash(window.location.hash));
