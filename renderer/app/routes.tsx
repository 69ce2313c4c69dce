import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { Role } from '../../shared/domain/actor.ts';
import { commands, type CommandKey } from '../../shared/contract/commands.ts';
import type { Access } from '../../shared/contract/spec.ts';
import { OverviewScreen } from '../screens/overview/OverviewScreen.tsx';

/**
 * Every screen but the overview (the first screen, and the one a wall board shows) is its own chunk, loaded
 * when it is first opened and, in the background, once the first screen is up (preloadScreens): the page
 * that shows the first live value parses a third less script (the line screen's charts alone, Recharts and
 * d3, were about a third of the bundle). Each lazy screen brings its own Suspense boundary: nothing above
 * the route has to know.
 */
const loaders: (() => Promise<unknown>)[] = [];
function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const loadDefault = () => load().then((c) => ({ default: c }));
  loaders.push(loadDefault);
  const Lazy = lazy(loadDefault);
  return (props: P) => (
    <Suspense fallback={null}>
      <Lazy {...props} />
    </Suspense>
  );
}

/** Fetches every screen's chunk (the browser caches the module), so a later first open does not wait on it. */
export function preloadScreens(): Promise<unknown> {
  return Promise.allSettled(loaders.map((l) => l()));
}

const LineScreen = lazyScreen(() => import('../screens/line/LineScreen.tsx').then((m) => m.LineScreen));
const ShiftScreen = lazyScreen(() => import('../screens/shift/ShiftScreen.tsx').then((m) => m.ShiftScreen));
// The shift close screen shows the held counter jumps through its counterJumps slot (composed here, as before).
const ShiftCloseScreen = lazyScreen(() =>
  Promise.all([import('../screens/shiftClose/ShiftCloseScreen.tsx'), import('../screens/shiftClose/HeldJumpsPanel.tsx')]).then(([{ ShiftCloseScreen: Screen }, { HeldJumpsPanel }]) =>
    function ShiftCloseRoute() {
      return <Screen counterJumps={(s) => <HeldJumpsPanel windowStart={s.windowStart} windowEnd={s.windowEnd} />} />;
    },
  ),
);
const OutboxScreen = lazyScreen(() => import('../screens/outbox/OutboxScreen.tsx').then((m) => m.OutboxScreen));
const AlertsScreen = lazyScreen(() => import('../screens/alerts/AlertsScreen.tsx').then((m) => m.AlertsScreen));
const CasesScreen = lazyScreen(() => import('../screens/cases/CasesScreen.tsx').then((m) => m.CasesScreen));
const HoldsScreen = lazyScreen(() => import('../screens/holds/HoldsScreen.tsx').then((m) => m.HoldsScreen));
const AuditScreen = lazyScreen(() => import('../screens/audit/AuditScreen.tsx').then((m) => m.AuditScreen));
const UsersScreen = lazyScreen(() => import('../screens/users/UsersScreen.tsx').then((m) => m.UsersScreen));
const SettingsScreen = lazyScreen(() => import('../screens/settings/SettingsScreen.tsx').then((m) => m.SettingsScreen));

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
  { id: 'shift-close', label: 'nav.shiftClose', render: () => <ShiftCloseScreen /> },
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
