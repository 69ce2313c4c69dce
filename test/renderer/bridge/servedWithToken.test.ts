import { servedWithToken } from '../../../renderer/bridge/index.ts';

const page = (href: string, stored: string | null = null) =>
  ({ location: new URL(href) as unknown as Location, sessionStorage: { getItem: () => stored } as unknown as Storage }) as Pick<Window, 'location' | 'sessionStorage'>;

describe('which transport a page with the desktop preload uses', () => {
  it('the desktop app attached to a hub loads its page from the loopback relay with a token: WebSocket', () => {
    expect(servedWithToken(page('http://127.0.0.1:40001/?token=t'))).toBe(true);
    // After a reload the token is in the tab's storage, not the address.
    expect(servedWithToken(page('http://127.0.0.1:40001/#/overview', 't'))).toBe(true);
  });

  it('the desktop app on its own (app://) and the dev server without a token: IPC as before', () => {
    expect(servedWithToken(page('app://console/index.html?token=t'))).toBe(false);
    expect(servedWithToken(page('http://localhost:5173/'))).toBe(false);
  });
});
