import { COMMAND_KEYS, WIRE_PREFIX } from '../../../shared/contract/channels.ts';
import {
  type InvokeEventLike,
  type IpcMainLike,
  type WebContentsLike,
  checkSender,
  clientIdFor,
  forwardStream,
  installIpcBridge,
} from '../../../electron/main/ipcBridge.ts';
import { APP_ORIGIN } from '../../../electron/main/policy/appOrigin.ts';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
}

const mainFrame = { url: 'app://console/index.html', parent: null, processId: 5, routingId: 1 };

function fakeWebContents(id = 3): WebContentsLike & { sent: Array<[string, unknown]>; destroyed: boolean } {
  return {
    id,
    mainFrame,
    sent: [],
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send(channel, payload) {
      this.sent.push([channel, payload]);
    },
  };
}

const eventFrom = (senderId: number, frame: InvokeEventLike['senderFrame']): InvokeEventLike => ({ sender: { id: senderId }, senderFrame: frame });

describe('IPC bridge', () => {
  it('registers exactly one handler per allow-listed command, prefixed', () => {
    const ipc = fakeIpcMain();
    const bridge = installIpcBridge({ ipcMain: ipc, appOrigin: APP_ORIGIN, mainWebContents: () => null, invoke: async () => null });
    expect([...ipc.handlers.keys()].sort()).toEqual(COMMAND_KEYS.map((k) => WIRE_PREFIX + k).sort());
    bridge.dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it("forwards the main window's calls to the core under the window's client id", async () => {
    const ipc = fakeIpcMain();
    const wc = fakeWebContents();
    const calls: unknown[] = [];
    installIpcBridge({
      ipcMain: ipc,
      appOrigin: APP_ORIGIN,
      mainWebContents: () => wc,
      invoke: async (client, key, req) => {
        calls.push({ client, key, req });
        return { ok: true, value: 'x' };
      },
    });
    const r = await ipc.handlers.get(`${WIRE_PREFIX}lines.list`)!(eventFrom(3, mainFrame), { a: 1 });
    expect(r).toEqual({ ok: true, value: 'x' });
    expect(calls).toEqual([{ client: clientIdFor(3), key: 'lines.list', req: { a: 1 } }]);
  });

  it.each([
    ['another webContents', eventFrom(99, mainFrame), 'not the main window'],
    ['a destroyed frame', eventFrom(3, null), 'sender frame gone'],
    ['an iframe', eventFrom(3, { url: 'app://console/frame.html', parent: mainFrame, processId: 5, routingId: 2 }), 'not the top-level frame'],
    ['a different top-level frame object', eventFrom(3, { url: 'app://console/index.html', parent: null, processId: 6, routingId: 1 }), 'not the top-level frame'],
    ['a foreign page in the window', eventFrom(3, { url: 'https://evil.example/', parent: null, processId: 5, routingId: 1 }), 'foreign origin'],
    ['a file:// page in the window', eventFrom(3, { url: 'file:///tmp/x.html', parent: null, processId: 5, routingId: 1 }), 'foreign origin'],
  ])('answers FORBIDDEN to %s and never reaches the core', async (_name, event, reason) => {
    const ipc = fakeIpcMain();
    const refused: unknown[] = [];
    let reached = false;
    installIpcBridge({
      ipcMain: ipc,
      appOrigin: APP_ORIGIN,
      mainWebContents: () => fakeWebContents(),
      invoke: async () => {
        reached = true;
        return null;
      },
      onRefused: (d) => refused.push(d),
    });
    const r = await ipc.handlers.get(`${WIRE_PREFIX}system.info`)!(event, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(reached).toBe(false);
    expect(refused).toEqual([expect.objectContaining({ key: 'system.info', reason })]);
  });

  it('refuses everything when there is no window', () => {
    expect(checkSender(eventFrom(3, mainFrame), null, APP_ORIGIN)).toEqual({ ok: false, reason: 'no main window' });
    const wc = fakeWebContents();
    wc.destroyed = true;
    expect(checkSender(eventFrom(3, mainFrame), wc, APP_ORIGIN).ok).toBe(false);
  });

  it('forwards only allow-listed streams, with the prefix, to a live window', () => {
    const wc = fakeWebContents();
    expect(forwardStream(wc, 'live.lines', { at: 1 })).toBe(true);
    expect(forwardStream(wc, 'secret.stuff', { at: 1 })).toBe(false);
    expect(forwardStream(null, 'live.lines', { at: 1 })).toBe(false);
    wc.destroyed = true;
    expect(forwardStream(wc, 'live.lines', { at: 2 })).toBe(false);
    expect(wc.sent).toEqual([[`${WIRE_PREFIX}live.lines`, { at: 1 }]]);
  });
});
