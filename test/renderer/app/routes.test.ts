import { DEFAULT_ROUTE_ID, hrefFor, routeIdFromHash } from '../../../renderer/app/routes.tsx';

it('maps a hash to a known route, anything else to the default', () => {
  expect(routeIdFromHash('#/overview')).toBe('overview');
  expect(routeIdFromHash('')).toBe(DEFAULT_ROUTE_ID);
  expect(routeIdFromHash('#/nope')).toBe(DEFAULT_ROUTE_ID);
  expect(routeIdFromHash('#/overview?x=1')).toBe('overview');
  expect(hrefFor('overview')).toBe('#/overview');
});
