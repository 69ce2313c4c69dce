/**
 * Desktop only: messages between the Electron main process and the utility process that hosts the core
 * (serve mode's browser frames are in ./wire.ts).
 *
 * Pure data and shape checks, no Node or Electron: `electron/main/coreHost.ts` and
 * `electron/core/platform/host/hostRuntime.ts` both import it, so the two ends cannot drift apart. It lives in
 * shared because main may import from the core only its composition root and ports.
 * Messages cross a structured-clone boundary; each side still checks the shape of what it receives,
 * because a malformed message is a bug we want to see in the log, not a crash.
 *
 * main → host:  init, invoke, closeClient, secretResult, shutdown
 * host → main:  ready, fatal, result, event, secretRequest, notify, log
 */

import { type Message, MessageSchema } from '../i18n/index.ts';

/** What main tells the host before anything else. Everything the core needs that only main knows. */
export interface HostInit {
  configPath: string;
  dataDir: string;
  version: string;
  logLevel: string;
  /** The SecretStore lives in main (Electron safeStorage); its describe() is answered locally. */
  secretsDescription: string;
  endpointOverrides?: Readonly<Record<string, string>>;
  /**
   * The operating system's proxy for each ERP/CMMS origin, as Chromium resolves it (electron/main/systemProxy.ts):
   * a proxy URL, or null for DIRECT. Used only where a target's network.proxy is "environment" and the
   * environment names no proxy.
   */
  systemProxies?: Readonly<Record<string, string | null>>;
  /**
   * This desktop console is the plant hub an administrator designated (`--hub` or the hub setting;
   * docs/hub.md): besides the core, the hub listener (HTTPS + WSS) runs in the core's process.
   */
  hub?: HostHubInit;
}

export interface HostHubInit {
  bind: string;
  port: number;
  /** The built renderer, for this machine's own browser screens of the hub. */
  staticDir: string;
}

/** What became of the hub listener: its address and certificate, or why it was not started. */
export type HostHubStatus = { fingerprint: string; url: string } | { problem: string };

/** A window (or any other screen) is a "client"; the host opens one core session per client. */
export type MainToHost =
  | { type: 'init'; init: HostInit }
  | { type: 'invoke'; id: number; client: string; key: string; req: unknown }
  | { type: 'closeClient'; client: string }
  | { type: 'secretResult'; id: number; result: SecretResultPayload }
  | { type: 'shutdown' };

export type SecretResultPayload =
  | { ok: true; value: string | null }
  | { ok: false; error: 'NOT_FOUND' | 'UNAVAILABLE' };

export type HostToMain =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; envelope: unknown }
  | { type: 'event'; stream: string; payload: unknown }
  | { type: 'secretRequest'; id: number; op: 'read'; name: string }
  | { type: 'secretRequest'; id: number; op: 'write'; name: string; value: string }
  | { type: 'notify'; title: string; body: string; level: 'info' | 'warning' | 'critical'; msg?: { title: Message; body: Message } }
  | { type: 'hub'; status: HostHubStatus };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStr = (v: unknown): v is string => typeof v === 'string';

export function isHostToMain(msg: unknown): msg is HostToMain {
  if (!isObject(msg)) return false;
  switch (msg['type']) {
    case 'ready':
      return true;
    case 'fatal':
      return isStr(msg['message']);
    case 'result':
      return isId(msg['id']) && 'envelope' in msg;
    case 'event':
      return isStr(msg['stream']);
    case 'secretRequest':
      return (
        isId(msg['id']) &&
        isStr(msg['name']) &&
        (msg['op'] === 'read' || (msg['op'] === 'write' && isStr(msg['value'])))
      );
    case 'notify':
      return (
        isStr(msg['title']) &&
        isStr(msg['body']) &&
        (msg['level'] === 'info' || msg['level'] === 'warning' || msg['level'] === 'critical') &&
        (msg['msg'] === undefined || (isObject(msg['msg']) && MessageSchema.safeParse(msg['msg']['title']).success && MessageSchema.safeParse(msg['msg']['body']).success))
      );
    case 'hub': {
      const st = msg['status'];
      return isObject(st) && (isStr(st['problem']) || (isStr(st['fingerprint']) && isStr(st['url'])));
    }
    default:
      return false;
  }
}

export function isMainToHost(msg: unknown): msg is MainToHost {
  if (!isObject(msg)) return false;
  switch (msg['type']) {
    case 'init': {
      const init = msg['init'];
      return (
        isObject(init) &&
        isStr(init['configPath']) &&
        isStr(init['dataDir']) &&
        isStr(init['version']) &&
        isStr(init['logLevel']) &&
        isStr(init['secretsDescription'])
      );
    }
    case 'invoke':
      return isId(msg['id']) && isStr(msg['client']) && isStr(msg['key']);
    case 'closeClient':
      return isStr(msg['client']);
    case 'secretResult': {
      const r = msg['result'];
      return isId(msg['id']) && isObject(r) && typeof r['ok'] === 'boolean';
    }
    case 'shutdown':
      return true;
    default:
      return false;
  }
}
