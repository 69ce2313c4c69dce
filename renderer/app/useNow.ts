import { useSyncExternalStore } from 'react';

/**
 * One shared one-second clock for every "time in state" and "since" on screen, so they tick together
 * and there is one timer however many tiles there are.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of [...listeners]) l();
    }, 1000);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = (): number => now;

export const useNow = (): number => useSyncExternalStore(subscribe, getNow);
