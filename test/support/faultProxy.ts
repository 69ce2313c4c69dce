import net from 'node:net';

/**
 * A TCP fault proxy for loopback fault tests (reliability matrix §4). Modes follow Toxiproxy's names:
 * pass · latency · reset_peer (now or after N bytes) · timeout (black-hole, optionally closing after ms) · down.
 * Driven in-process: `proxy.set({ kind: 'down' })`. Listens on 127.0.0.1 only.
 */

export type Direction = 'both' | 'upstream' | 'downstream';

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'latency'; ms: number; jitterMs?: number; direction?: Direction }
  | { kind: 'reset_peer'; afterBytes?: number }
  | { kind: 'timeout'; ms?: number; direction?: Direction }
  | { kind: 'down' };

export interface ProxyStats {
  accepted: number;
  refused: number;
  resets: number;
  bytesUp: number;
  bytesDown: number;
}

export interface FaultProxy {
  readonly port: number;
  /** `opc.tcp://127.0.0.1:<proxy port><path>`. */
  url(path?: string, scheme?: string): string;
  set(mode: ProxyMode): void;
  mode(): ProxyMode;
  openConnections(): number;
  stats(): Readonly<ProxyStats>;
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream: net.Socket;
  /** Bytes forwarded (both ways) since the current mode was set; for reset_peer afterBytes. */
  bytesInMode: number;
  /** Chunks held back per direction (latency keeps order; timeout holds everything). */
  chain: { up: Promise<void>; down: Promise<void> };
  closeTimer: NodeJS.Timeout | null;
}

export async function startFaultProxy(options: { upstreamPort: number; upstreamHost?: string; port?: number }): Promise<FaultProxy> {
  const upstreamHost = options.upstreamHost ?? '127.0.0.1';
  let current: ProxyMode = { kind: 'pass' };
  const links = new Set<Link>();
  const stats: ProxyStats = { accepted: 0, refused: 0, resets: 0, bytesUp: 0, bytesDown: 0 };

  const kill = (link: Link, reset: boolean): void => {
    if (link.closeTimer) clearTimeout(link.closeTimer);
    links.delete(link);
    if (reset) {
      stats.resets++;
      if (!link.client.destroyed) link.client.resetAndDestroy();
      if (!link.upstream.destroyed) link.upstream.resetAndDestroy();
    } else {
      link.client.destroy();
      link.upstream.destroy();
    }
  };

  const applies = (d: Direction | undefined, dir: 'up' | 'down'): boolean => (d ?? 'both') === 'both' || (d === 'upstream' ? dir === 'up' : dir === 'down');

  const forward = (link: Link, dir: 'up' | 'down', chunk: Buffer): void => {
    const target = dir === 'up' ? link.upstream : link.client;
    const mode = current;
    if (mode.kind === 'down') return kill(link, true);
    if (mode.kind === 'timeout' && applies(mode.direction, dir)) return; // black-hole: dropped, sockets stay open
    if (mode.kind === 'reset_peer') {
      if (!mode.afterBytes || link.bytesInMode + chunk.length > mode.afterBytes) return kill(link, true);
    }
    link.bytesInMode += chunk.length;
    if (dir === 'up') stats.bytesUp += chunk.length;
    else stats.bytesDown += chunk.length;
    if (mode.kind === 'latency' && applies(mode.direction, dir)) {
      const delay = mode.ms + (mode.jitterMs ? Math.random() * mode.jitterMs : 0);
      // Chained so chunks keep their order whatever the jitter.
      link.chain[dir] = link.chain[dir].then(
        () =>
          new Promise<void>((r) =>
            setTimeout(() => {
              if (!target.destroyed) target.write(chunk);
              r();
            }, delay),
          ),
      );
      return;
    }
    if (!target.destroyed) target.write(chunk);
  };

  const server = net.createServer({ pauseOnConnect: false }, (client) => {
    if (current.kind === 'down' || (current.kind === 'reset_peer' && !current.afterBytes)) {
      stats.refused++;
      client.resetAndDestroy();
      return;
    }
    stats.accepted++;
    const upstream = net.connect({ host: upstreamHost, port: options.upstreamPort });
    const link: Link = { client, upstream, bytesInMode: 0, chain: { up: Promise.resolve(), down: Promise.resolve() }, closeTimer: null };
    links.add(link);
    armTimeout(link);
    client.on('data', (c: Buffer) => forward(link, 'up', c));
    upstream.on('data', (c: Buffer) => forward(link, 'down', c));
    // A close on one side closes the other, unless black-holed (then the peer must not learn anything).
    const onEnd = (): void => {
      if (current.kind === 'timeout') return;
      kill(link, false);
    };
    client.on('close', onEnd);
    upstream.on('close', onEnd);
    client.on('error', () => kill(link, false));
    upstream.on('error', () => kill(link, true));
  });

  const armTimeout = (link: Link): void => {
    if (link.closeTimer) clearTimeout(link.closeTimer);
    link.closeTimer = null;
    if (current.kind === 'timeout' && current.ms && current.ms > 0) {
      link.closeTimer = setTimeout(() => kill(link, false), current.ms);
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: (path = '', scheme = 'opc.tcp') => `${scheme}://127.0.0.1:${port}${path}`,
    set(mode) {
      current = mode;
      for (const link of [...links]) {
        link.bytesInMode = 0;
        if (mode.kind === 'down' || (mode.kind === 'reset_peer' && !mode.afterBytes)) kill(link, true);
        else armTimeout(link);
      }
    },
    mode: () => current,
    openConnections: () => links.size,
    stats: () => ({ ...stats }),
    async close() {
      for (const link of [...links]) kill(link, false);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
