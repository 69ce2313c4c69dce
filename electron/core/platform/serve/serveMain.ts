import fs from 'node:fs';
import path from 'node:path';
import { readBootstrapCode } from '../host/bootstrapCode.ts';
import { loadPlantConfig } from '../config/loadPlantConfig.ts';
import type { DemoErpProcess } from './demoErpProcess.ts';
import type { Core } from '../../coreApi.ts';
import { createNodePorts } from '../ports/nodePorts.ts';
import { CoreStartError, PRODUCT_NAME, startCore } from '../../startCore.ts';
import { checkDataFolder } from '../storage/dbIdentity.ts';
import { type DemoChildren, startDemoChildren } from './demoChildren.ts';
import { type ServeHost, startServeHost } from './serveHost.ts';
import type { DemoCmmsProcess } from './demoCmmsProcess.ts';
import { refusedCore } from './refusedCore.ts';
import type { HubIdentity } from '../hub/hubIdentity.ts';
import { DEFAULT_HUB_BIND, DEFAULT_HUB_PORT, prepareHubIdentity, startHubListener } from './hubListener.ts';
import type { Lang } from '../../../../shared/i18n/index.ts';

// The argument parser and usage text live in serveArgs.ts, a light module: `--help` answers without the core.
export { defaultDataDir, parseServeArgs, SERVE_USAGE } from './serveArgs.ts';
import { defaultDataDir } from './serveArgs.ts';

export interface ServeOptions {
  repoRoot: string;
  configPath?: string;
  dataDir?: string;
  host?: string;
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  version: string;
  /** Network binding for wall boards: remote screens are viewer-only. */
  wallboard?: boolean;
  /** An administrator's decision about a gone/empty or changed database (CoreOptions). */
  acceptNewDatabase?: boolean;
  acceptDatabaseChange?: boolean;
  /** Wall board: the printed address opens the kiosk (andon) view, with no navigation and nothing to change. */
  kiosk?: boolean;
  /**
   * Run as the plant hub (docs/hub.md): HTTPS + WSS on `hubPort` (default 8443) at `bind` (default
   * 0.0.0.0), with the hub's own certificate; paired consoles and wall boards attach to it.
   */
  hub?: boolean;
  hubPort?: number;
  bind?: string;
  /** Overrides the plant's language for this process (`--language de|en`). */
  language?: Lang;
  /**
   * Demo mode only: the demo plant, ERP and CMMS already started by scripts/serve.ts before it imported the
   * core (demoChildren.ts). Without it runServe starts them itself.
   */
  demoChildren?: DemoChildren;
}

export interface RunningServe {
  url: string;
  /** Set when the core refused to start: the page is served and shows this message on every screen. */
  refused: string | null;
  host: ServeHost;
  core: Core;
  /**
   * The demo plant (demo mode): where it listens, known at once, and `ready`, which settles when it reported
   * that it listens (rejects if it failed to start). The address is printed without waiting for it: the page
   * loads while the plant finishes its start, and shows the controller connecting until it is there.
   */
  demo: { endpointUrl: string; ready: Promise<void> } | null;
  /** Set in hub mode: the certificate's SHA-256, to print and compare when pairing. */
  hubFingerprint: string | null;
  stop(): Promise<void>;
}


/** Starts demo plant (when no config is given), core and the HTTP/WebSocket host. */
export async function runServe(options: ServeOptions): Promise<RunningServe> {
  const demoMode = !options.configPath;
  const configPath = options.configPath ?? path.join(options.repoRoot, 'resources', 'demo-plant.json');
  const config = loadPlantConfig(configPath);
  if (!config.ok) throw new CoreStartError('CONFIG_INVALID', config.error.text);
  const host = options.hub ? (options.bind ?? DEFAULT_HUB_BIND) : (options.host ?? '127.0.0.1');
  // The hub is TLS on every address and lets in only paired devices from the network.
  if (!options.hub && !isLoopback(host) && !options.wallboard) {
    throw new CoreStartError('CONFIG_INVALID', `Serve mode listens on loopback only (127.0.0.1, ::1); "${host}" is not loopback. Add --wallboard to serve read-only wall boards on the network.`);
  }
  const dataDir = options.dataDir ?? defaultDataDir(config.value.plant.id);
  fs.mkdirSync(dataDir, { recursive: true });

  // The demo plant, ERP and CMMS and the core start side by side: the core keeps retrying until the plant
  // listens. serve.ts starts the three before it even imports the core (demoChildren.ts).
  const children = demoMode ? await (options.demoChildren ?? startDemoChildren(options.repoRoot, { configPath, dataDir: options.dataDir })) : null;
  const demoPort = children?.plantPort ?? 0;
  const demoStarting = children ? children.plant : Promise.resolve(null);
  // Before the log file is opened in it: a read-only or full data folder is a refusal in words, not a crash.
  const folderProblem = checkDataFolder(dataDir);
  if (folderProblem) {
    await children?.stopAll();
    throw new CoreStartError('DATA_DIR', folderProblem);
  }
  const ports = createNodePorts({ dataDir, logLevel: options.logLevel ?? 'info' });
  const hubPrepared = options.hub ? await prepareHubIdentity(dataDir) : null;
  if (hubPrepared && !hubPrepared.ok) {
    await children?.stopAll();
    ports.dispose();
    throw new CoreStartError('DATA_DIR', hubPrepared.problem);
  }
  const hubIdentity: HubIdentity | null = hubPrepared?.ok ? hubPrepared.identity : null;
  const erpCfg = config.value.erp;
  // The demo ERP's credentials go into the secret store under the configured name, never into a file we ship.
  const cmmsCfg = config.value.cmms;
  // The demo ERP and CMMS start side by side (and beside the plant): one after the other cost a whole Node start each.
  const [erpStart, cmmsStart] = await Promise.allSettled([erpCfg ? (children?.erp ?? null) : null, cmmsCfg ? (children?.cmms ?? null) : null]);
  if (erpStart.status === 'rejected' || cmmsStart.status === 'rejected') {
    await children?.stopAll();
    ports.dispose();
    throw erpStart.status === 'rejected' ? erpStart.reason : (cmmsStart as PromiseRejectedResult).reason;
  }
  const demoErp: DemoErpProcess | null = erpStart.value;
  if (demoErp && erpCfg) await ports.secrets.write(erpCfg.credentialsSecret, 'CONSOLE:demo');
  const demoCmms: DemoCmmsProcess | null = cmmsStart.value;
  if (demoCmms && cmmsCfg) await ports.secrets.write(cmmsCfg.credentialsSecret, demoCmms.credential);
  const endpointOverrides = demoMode ? { [config.value.controllers[0]!.id]: `opc.tcp://127.0.0.1:${demoPort}/UA/DemoPlant` } : undefined;
  let core: Core;
  let refused: string | null = null;
  try {
    // The plant is not waited for here (RunningServe.demo): it took longer than the core on two cores (2.2-2.35 s
    // against 1.85 s of CPU, issue 17) and held back the address, and so the page's load, until it reported.
    const [coreResult] = await Promise.allSettled([
      startCore({ configPath, dataDir, host: 'serve', version: options.version, acceptNewDatabase: options.acceptNewDatabase, acceptDatabaseChange: options.acceptDatabaseChange, endpointOverrides, connectControllersAfter: children ? demoStarting : undefined, erpBaseUrl: demoErp?.url, cmmsBaseUrl: demoCmms?.url, ...(hubIdentity ? { hub: { fingerprint: hubIdentity.fingerprint } } : {}), language: options.language }, ports),
    ]);
    if (coreResult.status === 'rejected') {
      const [demoResult] = await Promise.allSettled([demoStarting]);
      // The core's own refusal says what a person must do; a demo plant that also failed is secondary.
      if (demoResult.status === 'rejected') throw coreResult.reason instanceof CoreStartError ? coreResult.reason : demoResult.reason;
      await demoResult.value?.stop();
      // A start refusal (database, crash loop, module) is said on this console and on the page, which is
      // still served: a person at a screen sees why instead of "Reconnecting" for ever.
      if (!(coreResult.reason instanceof CoreStartError) || coreResult.reason.code === 'CONFIG_INVALID') throw coreResult.reason;
      refused = coreResult.reason.message;
      ports.logger.error('The console core did not start', { code: coreResult.reason.code, reason: refused });
      process.stderr.write(`\nThe console did not start.\n${refused}\nThe page below shows this message until the console is started again.\n`);
      const plant = config.value.plant;
      core = refusedCore(refused, Date.now(), { productName: PRODUCT_NAME, version: options.version, plantId: plant.id, plantName: plant.name, mode: config.value.mode, timeZone: plant.timeZone, startedAt: Date.now(), host: 'serve', language: options.language ?? plant.language });
    } else core = coreResult.value;
  } catch (e) {
    await demoErp?.stop();
    await demoCmms?.stop();
    ports.dispose();
    throw e;
  }
  const staticDir = path.join(options.repoRoot, 'out', 'renderer');
  const serveHost = hubIdentity
    ? await startHubListener({ core, identity: hubIdentity, logger: ports.logger, staticDir, bind: host, port: options.hubPort ?? DEFAULT_HUB_PORT })
    : await startServeHost({ core, logger: ports.logger, staticDir, host, port: options.port, wallboard: options.wallboard === true });
  // After start, an error no guard caught (a rejected promise nobody awaited, a throw in a callback of a
  // library) is logged and shown as degraded; it does not end the console. Start-up errors stay fatal.
  const onStray = (e: unknown): void => {
    ports.logger.error('An error escaped the core; the console keeps running', { error: e as Error });
    core.reportFailure?.('background work', e);
  };
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);
  if (options.wallboard && !isLoopback(host)) ports.logger.warn('Wall-board mode: listening on a network address; remote screens are read-only viewers', { host });
  // Where to play the technician: move demo cases along through the sandbox's admin API.
  if (demoCmms) process.stdout.write(`Demo CMMS (${demoCmms.name} sandbox): ${demoCmms.url}  admin: ${demoCmms.adminUrl}\n`);
  const firstAdminCode = readBootstrapCode(dataDir);
  // Printed on this console only (never logged): the local proof for creating the first administrator.
  if (firstAdminCode) process.stdout.write(`\nNo administrator yet. One-time code for the first administrator: ${firstAdminCode}\n\n`);
  return {
    url: options.kiosk ? `${serveHost.url}${serveHost.url.includes('?') ? '&' : '?'}kiosk=1` : serveHost.url,
    refused,
    host: serveHost,
    core,
    demo: children && !refused ? { endpointUrl: `opc.tcp://127.0.0.1:${demoPort}/UA/DemoPlant`, ready: demoStarting.then(() => undefined) } : null,
    hubFingerprint: hubIdentity?.fingerprint ?? null,
    async stop() {
      process.off('unhandledRejection', onStray);
      process.off('uncaughtException', onStray);
      await serveHost.close();
      await core.dispose();
      if (!refused) await (await demoStarting.catch(() => null))?.stop();
      await demoErp?.stop();
      await demoCmms?.stop();
      ports.dispose();
    },
  };
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
