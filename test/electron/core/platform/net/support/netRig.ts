import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

/**
 * A forward proxy on 127.0.0.1 (port 0) as plant networks have them: CONNECT tunnels for https and
 * absolute-form requests for http. It records every tunnel it opened.
 */
export async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; requests: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const u = new URL(req.url ?? '');
    const up = http.request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    sockets.add(client);
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    requests,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export interface TestPki {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** SHA-256 fingerprint of the server certificate, as openssl prints it (AA:BB:…). */
  serverFingerprint: string;
}

/** A CA of its own ("Plant Test CA"), a server certificate for 127.0.0.1 and a client certificate, made by openssl. */
export function makePki(dir: string): TestPki {
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/O=Plant Test/CN=Plant Test CA');
  fs.writeFileSync(f('srv.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  ossl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'srv.ext');
  fs.writeFileSync(f('cli.ext'), 'extendedKeyUsage=clientAuth\n');
  ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'cli.key', '-out', 'cli.csr', '-subj', '/CN=plant-console');
  ossl('x509', '-req', '-in', 'cli.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'cli.pem', '-days', '2', '-extfile', 'cli.ext');
  const fp = /=([0-9A-F:]+)/.exec(ossl('x509', '-in', 'srv.pem', '-noout', '-fingerprint', '-sha256'))![1]!;
  return { dir, caFile: f('ca.pem'), serverCert: f('srv.pem'), serverKey: f('srv.key'), clientCert: f('cli.pem'), clientKey: f('cli.key'), serverFingerprint: fp };
}

/** HTTPS in front of an http sandbox (TLS terminated with the test CA's server certificate), optionally requiring a client certificate. */
export async function startTlsFront(target: string, pki: TestPki, opts: { requireClientCert?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const t = new URL(target);
  const server = https.createServer(
    { key: fs.readFileSync(pki.serverKey), cert: fs.readFileSync(pki.serverCert), ...(opts.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: fs.readFileSync(pki.caFile) } : {}) },
    (req, res) => {
      const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: { ...req.headers, host: t.host } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}
