import { z } from 'zod';

/**
 * Serve mode's WebSocket frames. The desktop uses Electron IPC instead, with the same
 * `invoke(key, req)` / `on(stream)` shape, so the renderer cannot tell the hosts apart.
 *
 * URL: ws://127.0.0.1:<port>/ws?token=<per-launch token>. A wrong token or a foreign Origin is refused
 * at the upgrade (HTTP 401 / 403).
 */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), key: z.string().max(100), req: z.unknown() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { type: 'result'; id: number; envelope: unknown }
  | { type: 'event'; stream: string; payload: unknown };

/** Largest frame the server accepts from a browser; commands are small. */
export const MAX_CLIENT_FRAME_BYTES = 256 * 1024;
