import { WebSocket } from 'ws';
import { COMMAND_KEYS, WIRE_PREFIX } from '../../../shared/contract/channels.ts';
import { type InvokeEventLike, type IpcMainLike, type WebContentsLike, installIpcBridge } from '../../../electron/main/ipcBridge.ts';
import { APP_ORIGIN } from '../../../electron/main/policy/appOrigin.ts';
import { type ServeHost, startServeHost } from '../../../electron/core/platform/serve/serveHost.ts';
import { type CoreHarness, startCoreWithDemoPlant } from '../../fixtures/coreHarness.ts';
import { makeTempDir } from '../../fixtures/tempDir.ts';

// T26: commands from an unexpected frame or client. Two halves, one line:
// - desktop: the real IPC bridge (installIpcBridge) with every command channel, fed invocations from
//   frames that are not the main window's top-level app frame;
// - serve mode: the real serve host on 127.0.0.1 (port 0) in front of the real core, fed WebSocket
//   upgrades without a token, with wrong tokens and with foreign Origins.
// Each half also has a control that must be accepted, so the count cannot pass by refusing everything.

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
const mainFrame = { url: 'app://console/index.html', parent: null, processId: 5, routingId: 1 };
const top = (url: string) => ({ url, parent: null, processId: 5, routingId: 1 });

const FOREIGN_FRAMES: ReadonlyArray<readonly [string, InvokeEventLike]> = [
  ...[
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173/',
    'file:///tmp/x.html',
    'file:///C:/app/resources/app.asar/out/renderer/index.html',
    'about:blank',
    'about:srcdoc',
    'data:text/html,<script>plantApi.invoke("users.create",{})</script>',
    'blob:app://console/1f2e3d',
    'javascript:alert(1)',
    'chrome-error://chromewebdata/',
    'devtools://devtools/bundled/inspector.html',
    'app://console.evil.example/index.html',
    'app://consoie/index.html',
    'app://console./index.html',
    'app://console:8443/index.html',
    'app://console@evil.example/index.html',
    'app://user:pw@console/index.html',
    'app://xn--cnsole-2ve/index.html', // "cоnsole" with a Cyrillic о
    'app://cоnsole/index.html',
    'app:///index.html',
    'app:console/index.html',
    'apps://console/index.html',
    '',
  ].map((url) => [`top frame ${url || '(empty)'}`, { sender: { id: 3 }, senderFrame: top(url) }] as const),
  ['subframe on the app origin', { sender: { id: 3 }, senderFrame: { url: 'app://console/index.html', parent: mainFrame, processId: 5, routingId: 2 } }],
  ['subframe about:blank', { sender: { id: 3 }, senderFrame: { url: 'about:blank', parent: mainFrame, processId: 5, routingId: 3 } }],
  ['subframe of another process', { sender: { id: 3 }, senderFrame: { url: 'app://console/index.html', parent: null, processId: 9, routingId: 1 } }],
  ['another webContents showing the app', { sender: { id: 4 }, senderFrame: mainFrame }],
  ['a frame that is gone', { sender: { id: 3 }, senderFrame: null }],
];

const tmp = makeTempDir();
let h: CoreHarness;
let host: ServeHost;
beforeAll(async () => {
  h = await startCoreWithDemoPlant();
  host = await startServeHost({ core: h.core, logger: h.logger, staticDir: tmp.dir });
});
afterAll(async () => {
  await host?.close();
  await h?.stop();
  tmp.cleanup();
});

/** Resolves 'open' or 'refused <status>'; the socket is closed again either way. */
function tryConnect(url: string, origin: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(`refused ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', (e) => resolve(`error ${e.message}`));
  });
}

it('T26: accepts no command from a non-app frame and no serve connection without a valid token and origin', async () => {
  // Desktop: every command channel × every foreign frame.
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const wc: WebContentsLike = { id: 3, mainFrame, isDestroyed: () => false, send: () => undefined };
  let reachedCore = 0;
  installIpcBridge({ ipcMain, appOrigin: APP_ORIGIN, mainWebContents: () => wc, invoke: async () => ((reachedCore += 1), { ok: true, value: null }) });
  let ipcAccepted = 0;
  let ipcTried = 0;
  for (const key of COMMAND_KEYS) {
    const handler = handlers.get(WIRE_PREFIX + key)!;
    for (const [, event] of FOREIGN_FRAMES) {
      ipcTried += 1;
      const r = (await handler(event, {})) as { ok: boolean; error?: { code: string } };
      if (r.ok || r.error?.code !== 'FORBIDDEN') ipcAccepted += 1;
    }
  }
  const acceptedBeforeControl = reachedCore;
  const control = (await handlers.get(`${WIRE_PREFIX}system.info`)!({ sender: { id: 3 }, senderFrame: mainFrame }, {})) as { ok: boolean };

  // Serve mode: the real host and core.
  const ws = (token: string | null) => `ws://127.0.0.1:${host.port}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const self = `http://127.0.0.1:${host.port}`;
  const t = host.token;
  const badTokens: Array<string | null> = [null, '', 'x', t.slice(0, -1), `${t}x`, t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), ` ${t}`, `${t.slice(0, 16)}${'A'.repeat(t.length - 16)}`];
  const badOrigins = ['https://evil.example', `http://127.0.0.1.evil.example:${host.port}`, 'null', 'file://', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'app://console', `http://evil.example:${host.port}`];
  const serveAttempts: Array<{ what: string; result: string }> = [];
  for (const bad of badTokens) serveAttempts.push({ what: `token ${JSON.stringify(bad)}`, result: await tryConnect(ws(bad), self) });
  for (const bad of badTokens) serveAttempts.push({ what: `token ${JSON.stringify(bad)}, no Origin`, result: await tryConnect(ws(bad), undefined) });
  for (const origin of badOrigins) serveAttempts.push({ what: `origin ${origin}`, result: await tryConnect(ws(t), origin) });
  const serveAccepted = serveAttempts.filter((a) => a.result === 'open');
  const serveControl = await tryConnect(ws(t), self);

  const pass = ipcAccepted === 0 && acceptedBeforeControl === 0 && control.ok && serveAccepted.length === 0 && serveControl === 'open';
  console.log(
    `T26: accepted_from_non_app=${ipcAccepted + acceptedBeforeControl}/${ipcTried} (target 0) ; serve_accepted_without_valid_token_or_origin=${serveAccepted.length}/${serveAttempts.length} (target 0) ; controls_accepted=${Number(control.ok) + Number(serveControl === 'open')}/2 (target 2) ${pass ? 'PASS' : 'FAIL'}`,
  );
  expect(serveAccepted).toEqual([]);
  expect(serveAttempts.every((a) => a.result.startsWith('refused 40'))).toBe(true);
  expect(ipcAccepted).toBe(0);
  expect(acceptedBeforeControl).toBe(0);
  expect(control.ok).toBe(true);
  expect(serveControl).toBe('open');
  // Refusals are logged by the host (the people doc promises it).
  expect(h.logger.lines.filter((l) => l.msg.startsWith('WebSocket refused')).length).toBe(serveAttempts.length);
});
