import type { ReactNode } from 'react';
import { OverviewScreen } from '../screens/overview/OverviewScreen.tsx';

export interface RouteDef {
  /** The hash path: `#/<id>`. Stable: people bookmark wall-board tabs. */
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/**
 * Every screen in nav order. A new screen is one entry here (Line, Shift, Downtime, Alerts, Cases,
 * Holds, Outbox, Audit, Settings, …); the nav and the hash router pick it up.
 */
export const ROUTES: readonly RouteDef[] = [{ id: 'overview', label: 'Overview', render: () => <OverviewScreen /> }];

export const DEFAULT_ROUTE_ID = 'overview';

/** `#/overview` → `overview`; an unknown or empty hash → the default route. */
export function routeIdFromHash(hash: string, routes: readonly RouteDef[] = ROUTES): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return routes.some((r) => r.id === id) ? id : DEFAULT_ROUTE_ID;
}

export const hrefFor = (id: string): string => `#/${id}`;
