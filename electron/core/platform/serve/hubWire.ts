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
 * - Heartbeat: WebSocket ping/pong every HUB_HEARTBEAT_MS both ways.
 */
export const HUB_PAIR_PATH = '/hub/pair';
export const DEVICE_AUTH_SCHEME = 'Device';
export const HUB_HEARTBEAT_MS = 1_500;
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
