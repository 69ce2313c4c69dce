import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_KEYS, STREAM_KEYS, WIRE_PREFIX } from '../../../shared/contract/channels.ts';
import { commands } from '../../../shared/contract/commands.ts';
import { streams } from '../../../shared/contract/streams.ts';

// The preload runs only inside Electron; here 'electron' is replaced by a recorder so the exposed API
// can be exercised exactly as the page would see it.
const electronMock = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, Set<(e: unknown, payload: unknown) => void>>();
  const invoked: Array<[string, unknown]> = [];
  return {
    exposed,
    listeners,
    invoked,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, req: unknown) => {
        invoked.push([channel, req]);
        return { ok: true, value: channel };
      },
      on: (channel: string, l: (e: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: (e: unknown, payload: unknown) => void) => {
        listeners.get(channel)?.delete(l);
      },
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electronMock.contextBridge, ipcRenderer: electronMock.ipcRenderer }));

interface PlantApi {
  invoke(key: string, req: unknown): Promise<unknown>;
  on(stream: string, cb: (payload: unknown) => void): () => void;
}

let api: PlantApi;
beforeAll(async () => {
  await import('../../../electron/preload/index.ts');
  api = electronMock.exposed['plantApi'] as PlantApi;
});

describe('preload', () => {
  it('exposes one object, plantApi, with exactly invoke and on', () => {
    expect(Object.keys(electronMock.exposed)).toEqual(['plantApi']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('uses the key lists that match the contract', () => {
    expect([...COMMAND_KEYS].sort()).toEqual(Object.keys(commands).sort());
    expect([...STREAM_KEYS].sort()).toEqual(Object.keys(streams).sort());
  });

  it('forwards allow-listed commands with the wire prefix', async () => {
    for (const key of COMMAND_KEYS) {
      await expect(api.invoke(key, { x: 1 })).resolves.toEqual({ ok: true, value: WIRE_PREFIX + key });
    }
    expect(electronMock.invoked.map(([c]) => c)).toEqual(COMMAND_KEYS.map((k) => WIRE_PREFIX + k));
  });

  it.each(['shell.openExternal', 'plant:system.info', '', '__proto__', 'constructor', 'system.info '])('refuses the unknown command %j without IPC', async (key) => {
    const before = electronMock.invoked.length;
    await expect(api.invoke(key, {})).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(electronMock.invoked.length).toBe(before);
  });

  it('refuses a non-string key', async () => {
    await expect(api.invoke({ toString: () => 'system.info' } as unknown as string, {})).resolves.toMatchObject({ ok: false });
  });

  it('hands callbacks the payload only, never the IPC event, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = api.on('live.lines', (...args: unknown[]) => got.push(args));
    const channel = `${WIRE_PREFIX}live.lines`;
    const [listener] = [...electronMock.listeners.get(channel)!];
    const fakeEvent = { sender: { send: () => undefined }, ports: [] };
    listener!(fakeEvent, { at: 1 });
    expect(got).toEqual([[{ at: 1 }]]);
    off();
    off(); // twice is harmless
    expect(electronMock.listeners.get(channel)!.size).toBe(0);
  });

  it('throws for a stream that is not on the list (a bug in the page, not a state)', () => {
    expect(() => api.on('secret.stream', () => undefined)).toThrow(/Unknown stream/);
    expect(() => api.on('live.lines', 'not a function' as unknown as () => void)).toThrow();
  });

  it('imports nothing but electron and the channel lists (a sandboxed preload can require only electron)', () => {
    const src = fs.readFileSync(path.resolve(import.meta.dirname, '../../../electron/preload/index.ts'), 'utf8');
    const specs = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(specs.sort()).toEqual(['../../shared/contract/channels.ts', 'electron']);
    const channels = fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/contract/channels.ts'), 'utf8');
    expect(channels).not.toMatch(/\bimport\b/);
  });
});
