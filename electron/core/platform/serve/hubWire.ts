import type http from 'node:http';
import type { DeviceGate } from '../../coreApi.ts';
import type { Logger } from '../ports/ports.ts';

/**
 * What a plant hub and an attached console say to each other besides the screens' own frames
 * (shared/contract/wire.ts), in one place (docs/hub.md):
 *
 * - `POST /hub/pair` with `{"code":"ABCD-EFGH"}` over TLS → 200 `{"deviceId","name","kind","credential"}`,
 *   or 403 / 429 / 400 `{"error":"<words>"}`. The console checked the hub's certificate fingerprint
 *   before sending the code.
 * - `GET /ws` upgrade with `Authorization: Device <credential>`: one screen session. Unknown or revoked
 *   device: HTTP 403 at the upgrade, before any command. A device revoked while connected: close code
 *   4403 with the reason in words.
 * - Heartbeat (Liveness below): the console pings the hub every HUB_HEARTBEAT_MS and the hub pings its
 *   screens every SCREEN_HEARTBEAT_MS; on both sides ANY frame received (answer, event, ping, pong) counts
 *   as life, and a peer is given up only after a silence of HUB_SILENCE_MS (console → hub: a frozen hub
 *   is said within 5 s: silence 3.5 s + at most one period 1 s) or SCREEN_SILENCE_MS (hub → screen).
 */
export const HUB_PAIR_PATH = '/hub/pair';
export const DEVICE_AUTH_SCHEME = 'Device';
export const HUB_HEARTBEAT_MS = 1_000;
/** The console gives the hub up after this long without any frame from it (pings every HUB_HEARTBEAT_MS). */
export const HUB_SILENCE_MS = 3_500;
/** The hub pings each screen this often ... */
export const SCREEN_HEARTBEAT_MS = 3_000;
/**
 * ... and closes a screen it has heard nothing from for this long (its session detaches, resumable). Long on
 * purpose: closing a live screen costs a reconnect and a reload; keeping a dead one a few seconds more costs
 * nothing (no requirement hangs on it; the console side has its own 5 s).
 */
export const SCREEN_SILENCE_MS = 12_000;

/**
 * Whether a peer is still alive, judged by the time since anything was last heard from it. Robust on a
 * loaded machine (the hub scale bench had 3 of 36 screens closed at load 25 by a "missed two pings" rule):
 * - any frame counts, not only the pong to our last ping (a busy peer streaming events is alive);
 * - the judgement runs in setImmediate after the timer, i.e. after the event loop has read the socket: a
 *   process that was itself descheduled wakes with its timers first and would otherwise judge before
 *   reading the pongs already waiting in its socket buffer;
 * - a tick that came late (this process was stalled longer than a period) does not judge at all: the
 *   silence it saw was ours, not the peer's.
 */
export class Liveness {
  private lastHeard: number;
  private lastTick: number;
  private readonly now: () => number;
  private readonly periodMs: number;
  private readonly silenceMs: number;

  constructor(periodMs: number, silenceMs: number, now: () => number = () => performance.now()) {
    this.periodMs = periodMs;
    this.silenceMs = silenceMs;
    this.now = now;
    this.lastHeard = now();
    this.lastTick = this.lastHeard;
  }

  heard(): void {
    this.lastHeard = this.now();
  }

  /** Called by the period's timer; calls `dead` (once the socket had its turn) when the peer was silent too long. */
  tick(dead: () => void): void {
    const t = this.now();
    const late = t - this.lastTick > 2 * this.periodMs;
    this.lastTick = t;
    if (late) {
      // We were stalled ourselves: what arrived meanwhile may still be unread. Judge at the next tick.
      this.lastHeard = Math.max(this.lastHeard, t - this.silenceMs + this.periodMs);
      return;
    }
    setImmediate(() => {
      if (this.now() - this.lastHeard > this.silenceMs) dead();
    });
  }
}
/** Close code a console's screen gets when the hub cannot be reached (the relay closes the screen's socket). */
export const CLOSE_HUB_UNREACHABLE = 4502;
export const CLOSE_DEVICE_REVOKED = 4403;

/** Wrong pairing codes: at most this many per minute over all callers, then 429 until the minute is over. */
const MAX_FAILED_PER_MINUTE = 10;

export class PairThrottle {
  private failures: number[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  blocked(): boolean {
    const since = this.now() - 60_000;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length >= MAX_FAILED_PER_MINUTE;
  }

  failed(): void {
    this.failures.push(this.now());
  }
}

export async function handlePairRequest(devices: DeviceGate, throttle: PairThrottle, req: http.IncomingMessage, res: http.ServerResponse, log: Logger): Promise<void> {
  const answer = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') return answer(405, { error: 'Pairing takes a POST' });
  if (throttle.blocked()) return answer(429, { error: 'Too many wrong pairing codes in the last minute. Wait a minute and try again.' });
  let text = '';
  try {
    for await (const chunk of req) {
      text += String(chunk);
      if (text.length > 1024) return answer(400, { error: 'Request too large' });
    }
  } catch {
    return;
  }
  let code: unknown;
  try {
    code = (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    return answer(400, { error: 'Expected {"code":"…"}' });
  }
  if (typeof code !== 'string' || code.length > 40) return answer(400, { error: 'Expected {"code":"…"}' });
  const r = devices.redeem(code);
  if (!r.ok) {
    throttle.failed();
    log.warn('Hub: a pairing code was refused', { remote: req.socket.remoteAddress });
    return answer(403, { error: r.reason });
  }
  answer(200, { deviceId: r.device.id, name: r.device.name, kind: r.device.kind, credential: r.credential });
}
