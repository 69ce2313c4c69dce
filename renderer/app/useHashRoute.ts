import { useSyncExternalStore } from 'react';
import { routeIdFromHash } from './routes.tsx';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

const getRouteId = (): string => routeIdFromHash(window.location.hash);

/** Hash routing: works from file:// in Electron and from serve mode without server routes. */
export const useHashRoute = (): string => useSyncExternalStore(subscribe, getRouteId);
