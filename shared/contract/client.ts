import { type Envelope, EnvelopeShape } from './envelope.ts';
import { failWith } from './refusal.ts';
import { msg } from '../i18n/index.ts';
import { type CommandKey, type Req, type Res } from './commands.ts';
import { type StreamKey, type StreamPayload } from './streams.ts';

/**
 * What a host gives the renderer: the preload's `plantApi` on the desktop, a WebSocket in serve mode.
 * Untyped on purpose: it is the wire.
 */
export interface Transport {
  invoke(key: string, req: unknown): Promise<unknown>;
  on(stream: string, cb: (payload: unknown) => void): () => void;
}

/** The renderer's typed view of the core: a misspelt command or a wrong payload is a type error. */
export interface PlantClient {
  invoke<K extends CommandKey>(key: K, req: Req<K>): Promise<Envelope<Res<K>>>;
  on<S extends StreamKey>(stream: S, cb: (payload: StreamPayload<S>) => void): () => void;
}

export function createClient(transport: Transport): PlantClient {
  return {
    async invoke(key, req) {
      let raw: unknown;
      try {
        raw = await transport.invoke(key, req);
      } catch (e) {
        return failWith('UNAVAILABLE', `The console core did not answer: ${e instanceof Error ? e.message : String(e)}`, msg('host.unreachable'), { technical: e instanceof Error ? e.message : String(e) });
      }
      const shape = EnvelopeShape.safeParse(raw);
      if (!shape.success) return failWith('INTERNAL', `Malformed answer to ${key}`, msg('host.malformedAnswer', { command: key }));
      // The core validated the response against the contract before sending it.
      return shape.data as Envelope<never>;
    },
    on(stream, cb) {
      return transport.on(stream, (payload) => cb(payload as never));
    },
  };
}
