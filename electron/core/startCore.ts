import fs from 'node:fs';
import path from 'node:path';
import { isStreamKey, streams } from '../../shared/contract/streams.ts';
import type { PlantConfig } from '../../shared/domain/plantConfig.ts';
import { loadPlantConfig } from './platform/config/loadPlantConfig.ts';
import type { Core, CoreOptions, StartCore, StreamListener } from './coreApi.ts';
import type { CoreContext, CoreModule } from './platform/coreContext.ts';
import { auditDenials } from './platform/audit/auditDenial.ts';
import { createDispatcher } from './platform/dispatch/createDispatcher.ts';
import { createHoldsModule, describeHoldItem, holdRemoteCheck, repointHoldOutbox } from './features/holds/index.ts';
import { createConnectivityModule } from './features/connectivity/index.ts';
import type { Handlers } from './platform/dispatch/handlers.ts';
import { SessionTable } from './platform/dispatch/sessions.ts';
import { LivePump } from './features/lines/index.ts';
import { createOpcuaGateway } from './platform/opcua/createOpcuaGateway.ts';
import { createLineFeed } from './platform/linefeed/lineFeed.ts';
import type { OpcuaPort } from './platform/opcua/opcuaTypes.ts';
import type { Ports } from './platform/ports/ports.ts';
import { createProductionModule } from './features/production/index.ts';
import { createAuditModule } from './features/audit/index.ts';
import { linesHandlers } from './features/lines/index.ts';
import { createOutboxModule, erpConnectorOptions } from './features/outbox/index.ts';
import { createOrdersModule } from './features/orders/index.ts';
import { createShiftCloseModule } from './features/shiftClose/index.ts';
import { createAlertsModule } from './features/alerts/index.ts';
import { createCasesModule, describeCaseItem } from './features/cases/index.ts';
import { createPeopleModule } from './features/people/index.ts';
import { createSignalsModule } from './features/signals/index.ts';
import { createHubModule, type HubModule } from './features/hub/index.ts';
import { createResumeFile } from './platform/hub/resumeFile.ts';
import { systemHandlers } from './features/system/index.ts';
import { externalLinkHosts } from './features/system/index.ts';
import { createConnectionCheck } from './features/system/index.ts';
import { checkOf, registerTargetRoutes } from './platform/net/connectionCheck.ts';
import { openCheckedDatabase } from './platform/storage/dbIdentity.ts';
import { createStorageHealth } from './platform/storage/storageHealth.ts';
import { StartAttempts } from './platform/host/startAttempts.ts';
import { ModuleHealth, plainError } from './platform/logging/moduleHealth.ts';
import { ok } from '../../shared/contract/envelope.ts';

export type CoreStartErrorCode = 'CONFIG_INVALID' | 'DATABASE' | 'DATA_DIR' | 'MODULE' | 'CRASH_LOOP';

/** Start-up refused: the host shows `message` to a person and exits; nothing half-started is left running. */
export class CoreStartError extends Error {
  readonly code: CoreStartErrorCode;
  constructor(code: CoreStartErrorCode, message: string) {
    super(message);
    this.name = 'CoreStartError';
    this.code = code;
  }
}

export const PRODUCT_NAME = 'Plant Operations Console';

/** How long shutdown waits for controllers to close their OPC UA sessions. */
const CONTROLLER_CLOSE_MS = 3000;

/** The composition root: the only place that knows every concrete part of the core. */
export const startCore: StartCore = async (options: CoreOptions, ports: Ports): Promise<Core> => {
  const startedAt = ports.clock.now();
  const log = ports.logger.child({ component: 'core' });

  const loaded = loadPlantConfig(options.configPath);
  if (!loaded.ok) throw new CoreStartError('CONFIG_INVALID', loaded.error.text);
  // serve's --language overrides the plant's language for this process (the English e2e tests use it).
  const config: PlantConfig = options.language ? { ...loaded.value, plant: { ...loaded.value.plant, language: options.language } } : loaded.value;

  try {
    fs.mkdirSync(options.dataDir, { recursive: true });
  } catch (e) {
    throw new CoreStartError('DATA_DIR', `Cannot create the data folder ${options.dataDir}: ${(e as Error).message}`);
  }
  // Start attempts are kept beside the database: the same failure twice in a row stops the loop with its reason.
  const attempts = new StartAttempts(options.dataDir, options.version, () => ports.clock.now());
  const died = attempts.settleUnfinished();
  if (died) log.warn('The previous start ended without finishing or saying why (killed or crashed)', { stage: died.stage, module: died.module });
  const refusal = attempts.loopRefusal();
  if (refusal) throw new CoreStartError('CRASH_LOOP', refusal);
  attempts.begin();
  const refuse = (code: CoreStartErrorCode, e: unknown, prefix = ''): CoreStartError => {
    const loop = attempts.failed(e);
    return new CoreStartError(loop ? 'CRASH_LOOP' : code, loop ?? `${prefix}${plainError(e)}`);
  };
  attempts.stage('updating the database');
  // Storage start-up checks (storage/dbIdentity.ts): folder writable, disk not full, the database is the
  // one this console had, not damaged, migrated, and takes a real write. Each refusal is one plain message.
  const opened = openCheckedDatabase({ dataDir: options.dataDir, plantId: config.plant.id, now: ports.clock.now(), log, acceptNewDatabase: options.acceptNewDatabase, acceptDatabaseChange: options.acceptDatabaseChange });
  // Not counted as a failed attempt: a refusal waits for an administrator's decision (a flag on the next
  // start), which a crash-loop refusal must not block; and its message is whole, not cut to one line.
  if (!opened.ok) throw new CoreStartError(opened.code, opened.message);
  const { db, migrated } = opened;
  if (migrated.applied.length > 0) log.info('Database migrated', { from: migrated.from, to: migrated.to });

  const listeners = new Map<StreamListener, string>();
  // Set once dispose begins: module timers that still fire are dropped, and nothing is published.
  let closing = false;
  const publish = (stream: string, payload: unknown): void => {
    if (closing) return;
    if (!isStreamKey(stream)) throw new Error(`Bug: publishing unknown stream ${stream}`);
    if (options.host === 'test') streams[stream].payload.parse(payload);
    for (const [l, owner] of listeners) health.run(owner, 'passing on live messages', () => l(stream, payload), `stream:${stream}`);
  };
  // Every module's timers and listeners run under it: a throw is logged and shows the module degraded.
  const health = new ModuleHealth({ now: () => ports.clock.now(), logger: log, publish: (snapshot) => publish('system.health', snapshot) });
  const guarded = (module: string, label: string, untilClose = true): Ports['clock'] => {
    health.register(module, label);
    const clock = health.guardClock(module, ports.clock);
    if (!untilClose) return clock;
    return {
      now: () => clock.now(),
      setTimer: (ms, fn) => clock.setTimer(ms, () => (closing ? undefined : fn())),
      setInterval: (ms, fn) => clock.setInterval(ms, () => (closing ? undefined : fn())),
    };
  };

  const endpointOf = (controllerId: string): string =>
    options.endpointOverrides?.[controllerId] ?? config.controllers.find((c) => c.id === controllerId)?.endpoint ?? '';
  const gateways = new Map<string, OpcuaPort>();
  for (const controller of config.controllers) {
    gateways.set(
      controller.id,
      createOpcuaGateway({
        controller,
        endpoint: endpointOf(controller.id),
        pkiDir: path.join(options.dataDir, 'pki', 'opcua-client'),
        demoMode: config.mode === 'demo',
        logger: ports.logger.child({ component: 'opcua', controllerId: controller.id }),
        clock: guarded(`controller:${controller.id}`, `Controller ${controller.name}`, false),
        secrets: ports.secrets,
      }),
    );
  }

  // The one subscriber to the gateways: one monitored item per node per controller; features listen to it.
  const feed = createLineFeed({ lines: config.lines, controllers: config.controllers, ports: gateways, logger: log });
  feed.start();
  const pump = new LivePump({
    clock: guarded('live', 'Live values'),
    logger: log,
    lines: config.lines,
    controllers: config.controllers,
    feed,
    endpointOf,
    tickMs: options.liveTickMs ?? 250,
    publishLines: (msg) => publish('live.lines', msg),
    publishConnections: (msg) => publish('connection.state', msg),
  });
  pump.start();

  // The hub keeps its screens' resumable sign-ins across a restart (docs/hub.md); a standalone console does not need to.
  const resumeKeeper = options.hub ? createResumeFile(options.dataDir, ports.clock, log) : undefined;
  const sessions = new SessionTable(guarded('sessions', 'Screen sessions'), resumeKeeper);
  const ctx: CoreContext = {
    options,
    config,
    db,
    ports,
    log,
    sessions,
    gateways,
    feed,
    pump,
    publish: (stream, payload) => publish(stream, payload),
  };
  // Each module gets `as(name, label)`: the context whose clock runs its timers under ModuleHealth, so a
  // throw there is logged and shows that module degraded instead of ending the core.
  const labels = new Map<string, string>();
  const as = (module: string, label: string): CoreContext => {
    labels.set(module, label);
    attempts.stage(`creating ${label}`, label);
    const online: Ports['online'] = {
      isOnline: () => ports.online.isOnline(),
      onDidChange: (l) => ports.online.onDidChange(health.guard(module, 'reacting to the network going up or down', l)),
    };
    return { ...ctx, ports: { ...ports, clock: guarded(module, label), online }, guard: (what, fn) => health.guard(module, what, fn) };
  };
  // Feature modules: one line each. Order matters only for start(): earlier modules start first.
  // Proxy, company CAs and client certificate of each ERP/CMMS target, before anything talks to them.
  const netRoutes = await registerTargetRoutes(config, { erp: options.erpBaseUrl, cmms: options.cmmsBaseUrl }, ports.secrets, process.env, options.systemProxies);
  const modules: CoreModule<never>[] = [];
  const named = new Map<CoreModule<never>, string>();
  let handlers: Handlers;
  let hub: HubModule;
  let preparing: Promise<void> = Promise.resolve();
  try {
  const people = createPeopleModule(as('people', 'Users and sign-in'));
  const audit = createAuditModule(as('audit', 'Audit trail'));
  modules.push(people, audit);
  const production = createProductionModule(as('production', 'Production counting'));
  modules.push(production);
  const outbox = createOutboxModule(as('outbox', 'Outbox'), { erpBaseUrl: options.erpBaseUrl });
  const orders = createOrdersModule(as('orders', 'Work orders'), { erp: outbox.erp });
  const shiftClose = createShiftCloseModule(as('shiftClose', 'Shift close'), { outbox });
  modules.push(outbox, orders, shiftClose);
  // A hold released on another standalone console is learnt from the ERP (issue 19).
  const holdsRemote = config.erp ? holdRemoteCheck(config.erp.kind, erpConnectorOptions(config.erp, { secrets: ports.secrets, db, baseUrl: options.erpBaseUrl, timeZone: config.plant.timeZone, language: config.plant.language })) : null;
  const holds = createHoldsModule(as('holds', 'Quality holds'), { outbox: outbox.hub, remoteCheck: holdsRemote });
  outbox.triage(['hold.place', 'hold.release'], { describe: describeHoldItem, resent: (db, old, newId) => repointHoldOutbox(db, old.id, newId) });
  modules.push(holds);
  const connectivity = createConnectivityModule(as('connectivity', 'Controller settings'));
  modules.push(connectivity);
  const alerts = createAlertsModule(as('alerts', 'Alerts'));
  const cases = createCasesModule(as('cases', 'Maintenance cases'), { hub: outbox.hub, alerts, cmmsBaseUrl: options.cmmsBaseUrl });
  outbox.triage(['case.create', 'case.update'], { describe: describeCaseItem });
  modules.push(alerts, cases);
  const connections = createConnectionCheck(as('connections', 'Connection check'), { routes: netRoutes, erpCheck: checkOf(outbox.erp), cmmsBaseUrl: options.cmmsBaseUrl });
  modules.push(connections);
  named.set(connections as CoreModule<never>, 'connections');
  const signals = createSignalsModule(as('signals', 'Line signals'));
  modules.push(signals);
  hub = createHubModule(as('hub', 'Plant hub devices'));
  modules.push(hub);
  for (const [m, name] of [[people, 'people'], [audit, 'audit'], [production, 'production'], [outbox, 'outbox'], [orders, 'orders'], [shiftClose, 'shiftClose'], [holds, 'holds'], [connectivity, 'connectivity'], [alerts, 'alerts'], [cases, 'cases'], [signals, 'signals']] as const) named.set(m as CoreModule<never>, name);
  // A first run hashes the demo people's PINs (scrypt, in libuv's thread pool: ~0.16 s of CPU each). The
  // modules start and the controllers connect meanwhile; startCore resolves only once the people exist, so
  // no screen can ask for them before.
  preparing = people.prepare().then(
    () => undefined,
    (e: unknown) => log.error('First-run preparation of users failed', { error: e as Error }),
  );
  handlers = {
    'system.health': () => ok(health.snapshot()),
    ...systemHandlers(() => ({
      productName: PRODUCT_NAME,
      version: options.version,
      plantId: config.plant.id,
      plantName: config.plant.name,
      mode: config.mode,
      timeZone: config.plant.timeZone,
      startedAt,
      host: options.host,
      externalLinkHosts: externalLinkHosts(config),
      language: config.plant.language,
    })),
    ...linesHandlers(config, pump),
    ...people.handlers,
    ...audit.handlers,
    ...production.handlers,
    ...outbox.handlers,
    ...orders.handlers,
    ...shiftClose.handlers,
    ...holds.handlers,
    ...connectivity.handlers,
    ...alerts.handlers,
    ...cases.handlers,
    ...connections.handlers,
    ...signals.handlers,
    ...hub.handlers,
  };
  } catch (e) {
    // A module that cannot even be created leaves nothing half-started behind: stop what was, then refuse.
    const failedAt = attempts.current();
    closing = true;
    await Promise.allSettled(modules.map(async (m) => m.dispose?.()));
    await preparing; // the people's first-run rows are written before the database closes
    pump.dispose();
    feed.dispose();
    await Promise.allSettled([...gateways.values()].map(async (g) => g.dispose()));
    db.close();
    throw refuse('MODULE', e, `The console could not start ${failedAt?.module ?? 'one of its parts'}: `);
  }
  // A module whose start throws is shown degraded; the others start and the core runs.
  for (const m of modules) {
    const name = named.get(m) ?? 'core';
    attempts.stage(`starting ${labels.get(name) ?? name}`, labels.get(name) ?? null);
    health.run(name, 'starting', () => m.start?.());
  }
  // Disk full, read-only folder or damaged database while running: one status on every screen, one plain answer.
  const storage = createStorageHealth({ db, dataDir: options.dataDir, clock: ports.clock, logger: log, identity: opened.identity, publish: (status) => publish('system.storage', status) });
  const dispatch = createDispatcher({ handlers, sessions, clock: ports.clock, logger: log, checkResponses: options.host === 'test', onDenied: auditDenials(db, ports.clock, log), storageFailure: (e) => storage.noteFailure(e) });

  // Controllers connect in the background: an unreachable controller is a state on screen, not a start failure.
  const connectControllers = (): void => {
    for (const [id, gateway] of gateways) {
      gateway.connect().catch((e: unknown) => log.error('Controller connect failed', { controllerId: id, error: e as Error }));
    }
  };
  if (options.connectControllersAfter) void options.connectControllersAfter.then(connectControllers, connectControllers);
  else connectControllers();
  attempts.stage('preparing users', labels.get('people') ?? null);
  await preparing;
  attempts.started();
  log.info('Core started', { plant: config.plant.id, lines: config.lines.length, controllers: config.controllers.length, host: options.host });

  let disposed = false;
  return {
    dispatch,
    openSession: (sessionOptions) => sessions.open(sessionOptions),
    closeSession: (id) => sessions.close(id),
    ...(hub.gate ? { devices: hub.gate } : {}),
    events: {
      subscribe(listener, owner = 'screens') {
        if (!labels.has(owner)) health.register(owner, owner === 'screens' ? 'Screen connections' : owner);
        listeners.set(listener, owner);
        return { dispose: () => listeners.delete(listener) };
      },
    },
    reportFailure(what, error) {
      health.register('core', 'Console core');
      health.failed('core', what, error);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // 1. each module stops its timers and aborts its work in flight, synchronously in its dispose();
      // 2. wait for all of that work to end (timers a dispose waits on still run);
      // 3. from then on a module timer that still fires does nothing, and nothing is published;
      // 4. only then close the controllers and the database.
      const stopping = [...modules].reverse().map((m) => {
        try {
          return Promise.resolve(m.dispose?.());
        } catch (e) {
          return Promise.reject(e);
        }
      });
      for (const r of await Promise.allSettled(stopping)) {
        if (r.status === 'rejected') log.error('A part of the core did not stop cleanly', { error: r.reason as Error });
      }
      closing = true;
      pump.dispose();
      feed.dispose();
      // A controller that never answers CloseSession must not hold the console's shutdown (and its
      // database) hostage: wait a bounded time, then go on. Seen with node-opcua after a core restart.
      let timer: { dispose(): void } | null = null;
      const closed = Promise.allSettled([...gateways.values()].map(async (g) => g.dispose())).then(() => 'closed' as const);
      const bounded = new Promise<'timeout'>((resolve) => {
        timer = ports.clock.setTimer(CONTROLLER_CLOSE_MS, () => resolve('timeout'));
      });
      if ((await Promise.race([closed, bounded])) === 'timeout') {
        log.warn('Controller connections did not close in time; stopping without them', { waitedMs: CONTROLLER_CLOSE_MS });
      }
      (timer as { dispose(): void } | null)?.dispose();
      listeners.clear();
      resumeKeeper?.dispose();
      storage.dispose();
      db.close();
      log.info('Core stopped');
    },
  };
};
