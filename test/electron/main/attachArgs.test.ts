import { parseAttachArgv } from '../../../electron/main/policy/attachArgs.ts';
import { isAllowedRequest } from '../../../electron/main/policy/navigation.ts';

describe('desktop --attach (docs/hub.md)', () => {
  it('reads --attach, --pair and --fingerprint in both spellings; without --attach the app is a standalone console', () => {
    expect(parseAttachArgv(['electron', '.'])).toBeNull();
    expect(parseAttachArgv(['app', '--attach', 'https://hub:8443'])).toEqual({ hubUrl: 'https://hub:8443' });
    expect(parseAttachArgv(['app', '--attach=https://hub:8443', '--pair=ABCD-EFGH', '--fingerprint', 'AB:CD'])).toEqual({ hubUrl: 'https://hub:8443', pairCode: 'ABCD-EFGH', fingerprint: 'AB:CD' });
  });

  it('the window may open a WebSocket to its own loopback relay, never to another host or port', () => {
    expect(isAllowedRequest('ws://127.0.0.1:40001/ws?token=t', 'http://127.0.0.1:40001', false)).toBe(true);
    expect(isAllowedRequest('ws://127.0.0.1:40002/ws', 'http://127.0.0.1:40001', false)).toBe(false);
    expect(isAllowedRequest('ws://evil.example/ws', 'http://127.0.0.1:40001', false)).toBe(false);
    // The packaged app's own origin never matches a ws: URL.
    expect(isAllowedRequest('ws://console/ws', 'app://console', false)).toBe(false);
  });
});
