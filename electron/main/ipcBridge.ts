import { COMMAND_KEYS, STREAM_KEYS, WIRE_PREFIX } from '../../shared/contract/channels.ts';
import { refuseKey } from '../../shared/contract/refusal.ts';
import { isSameFrame, isTrustedSender } from './policy/sender.ts';

/**
 * The IPC side of the bridge: one `ipcMain.handle` per allow-listed command key (WIRE_PREFIX + key),
 * nothing else. Each call is answered FORBIDDEN unless it comes from the main window's top-level frame
 * showing the app's own origin; otherwise it is forwarded to the core host under the window's client id
 * (one core session per window). Streams from the core go to the window with webContents.send.
 *
 * Electron objects appear only as the small structural types below, so tests drive the bridge with
 * fakes; Electron's IpcMain, IpcMainInvokeEvent and WebContents satisfy them.
 */

interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  appOrigin: string;
  /** The main window's webContents, or null while there is none. */
  mainWebContents(): WebContentsLike | null;
  invoke(client: string, key: string, req: unknown): Promise<unknown>;
  onRefused?(details: { key: string; reason: string; url: string | null }): void;
}

/** One core session per window; the id survives reloads of the page, not a new window. */
export const clientIdFor = (webContentsId: number): string => `window:${webContentsId}`;

export type SenderVerdict = { ok: true; client: string } | { ok: false; reason: string };

export function checkSender(event: InvokeEventLike, wc: WebContentsLike | null, appOrigin: string): SenderVerdict {
  if (!wc || wc.isDestroyed()) return { ok: false, reason: 'no main window' };
  if (event.sender.id !== wc.id) return { ok: false, reason: 'not the main window' };
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'sender frame gone' };
  const isTopLevel = frame.parent === null && isSameFrame(frame, wc.mainFrame);
  if (!isTrustedSender(frame.url, isTopLevel, appOrigin)) {
    return { ok: false, reason: isTopLevel ? 'foreign origin' : 'not the top-level frame' };
  }
  return { ok: true, client: clientIdFor(wc.id) };
}

export function installIpcBridge(o: IpcBridgeOptions): { dispose(): void } {
  const channels: string[] = [];
  for (const key of COMMAND_KEYS) {
    const channel = WIRE_PREFIX + key;
    o.ipcMain.handle(channel, async (event, req) => {
      const verdict = checkSender(event, o.mainWebContents(), o.appOrigin);
      if (!verdict.ok) {
        o.onRefused?.({ key, reason: verdict.reason, url: event.senderFrame?.url ?? null });
        return refuseKey('FORBIDDEN', 'host.foreignPage');
      }
      return o.invoke(verdict.client, key, req);
    });
    channels.push(channel);
  }
  return {
    dispose() {
      for (const c of channels) o.ipcMain.removeHandler(c);
    },
  };
}

const streamKeys: ReadonlySet<string> = new Set(STREAM_KEYS);

/** Sends one stream message to the window, if the stream is on the list and the window lives. */
export function forwardStream(wc: WebContentsLike | null, stream: string, payload: unknown): boolean {
  if (!streamKeys.has(stream) || !wc || wc.isDestroyed()) return false;
  wc.send(WIRE_PREFIX + stream, payload);
  return true;
}
