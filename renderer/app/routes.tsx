import type { ReactNode } from 'react';
import { Role } from '../../shared/domain/actor.ts';
import { commands, type CommandKey } from '../../shared/contract/commands.ts';
import type { Access } from '../../shared/contract/spec.ts';
import { AlertsScreen } from '../screens/alerts/AlertsScreen.tsx';
import { AuditScreen } from '../screens/audit/AuditScreen.tsx';
import { CasesScreen } from '../screens/cases/CasesScreen.tsx';
import { HoldsScreen } from '../screens/holds/HoldsScreen.tsx';
import { LineScreen } from '../screens/line/LineScreen.tsx';
import { OutboxScreen } from '../screens/outbox/OutboxScreen.tsx';
import { OverviewScreen } from '../screens/overview/OverviewScreen.tsx';
import { ShiftCloseScreen } from '../screens/shiftClose/ShiftCloseScreen.tsx';
import { HeldJumpsPanel } from '../screens/shiftClose/HeldJumpsPanel.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { ShiftScreen } from '../screens/shift/ShiftScreen.tsx';
import { UsersScreen } from '../screens/users/UsersScreen.tsx';

export interface RouteDef {
  /** The hash path: `#/<id>`. Stable: people bookmark wall-board tabs. */
  readonly id: string;
  /** The nav label: a key in the `common` catalogue (`nav.<screen>`). */
  readonly label: `nav.${string}`;
  readonly render: () => ReactNode;
  /** Shown in the nav only to these roles (the core enforces; the nav just does not offer it). */
  readonly roles?: readonly Role[];
}

/** The roles a screen is offered to: those the core lets run the command the screen is built on. */
function rolesOf(key: CommandKey): readonly Role[] | undefined {
  const access: Access = commands[key].access;
  return access === 'anyone' ? undefined : access;
}

/**
 * Every screen in nav order. A new screen is one entry here (Line, Shift, Downtime, Alerts, Cases,
 * Holds, Outbox, Audit, Settings, …); the nav and the hash router pick it up.
 */
export const ROUTES: readonly RouteDef[] = [
  { id: 'overview', label: 'nav.overview', render: () => <OverviewScreen /> },
  { id: 'line', label: 'nav.line', render: () => <LineScreen /> },
  { id: 'shift', label: 'nav.shift', render: () => <ShiftScreen /> },
  { id: 'shift-close', label: 'nav.shiftClose', render: () => <ShiftCloseScreen counterJumps={(s) => <HeldJumpsPanel windowStart={s.windowStart} windowEnd={s.windowEnd} />} /> },
  { id: 'outbox', label: 'nav.outbox', render: () => <OutboxScreen /> },
  { id: 'alerts', label: 'nav.alerts', render: () => <AlertsScreen /> },
  { id: 'cases', label: 'nav.cases', render: () => <CasesScreen /> },
  { id: 'holds', label: 'nav.holds', render: () => <HoldsScreen /> },
  { id: 'audit', label: 'nav.audit', render: () => <AuditScreen />, roles: rolesOf('audit.query') },
  { id: 'users', label: 'nav.users', render: () => <UsersScreen />, roles: rolesOf('users.list') },
  // Everyone signed in: their own language is here; the connectivity part is for supervisors and administrators.
  { id: 'settings', label: 'nav.settings', render: () => <SettingsScreen />, roles: Role.options },
];

export const DEFAULT_ROUTE_ID = 'overview';

/** `#/overview` → `overview`; an unknown or empty hash → the default route. */
export function routeIdFromHash(hash: string, routes: readonly RouteDef[] = ROUTES): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return routes.some((r) => r.id === id) ? id : DEFAULT_ROUTE_ID;
}

export { hrefFor } from './href.ts';
