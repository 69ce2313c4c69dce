import { serveSocketUrl, takeServeToken } from '../../../renderer/bridge/index.ts';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

const loc = (search: string, hash = '') => ({ search, hash, pathname: '/' }) as Location;

describe('serve token', () => {
  it('takes the token from the URL, keeps it for reloads and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
    expect(takeServeToken(loc('?token=abc&x=1', '#/overview'), storage, history)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#/overview']);
    expect(takeServeToken(loc(''), storage, history)).toBe('abc');
  });

  it('has no token when neither the URL nor the session has one', () => {
    expect(takeServeToken(loc(''), memoryStorage(), null)).toBeNull();
  });

  it('builds the socket URL on the page host', () => {
    expect(serveSocketUrl({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a b')).toBe('ws://127.0.0.1:5173/ws?token=a%20b');
    expect(serveSocketUrl({ protocol: 'https:', host: 'h' }, 't')).toBe('wss://h/ws?token=t');
  });
});
