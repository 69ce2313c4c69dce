import fs from 'node:fs';
import path from 'node:path';
import { isStreamKey, streams } from '../../shared/contract/streams.ts';
import type { PlantConfig } from '../../shared/domain/plantConfig.ts';
import { loadPlantConfig } from './config/loadPlantConfig.ts';
import type { Core, CoreOptions, StartCore, StreamListener } from './coreApi.ts';
import type { CoreContext, CoreModule } from './coreContext.ts';
import { auditDenials } from './audit/auditDenial.ts';
import { createDispatcher } from './dispatch/createDispatcher.ts';
import { createHoldsModule } from './holds/holdsModule.ts';
import { createConnectivityModule } from './services/connectivity/connectivityModule.ts';
import type { Handlers } from './dispatch/handlers.ts';
import { SessionTable } from './dispatch/sessions.ts';
import { LivePump } from './live/LivePump.ts';
import { createOpcuaGateway } from './opcua/createOpcuaGateway.ts';
import type { OpcuaPort } from './opcua/opcuaTypes.ts';
import type { Ports } from './ports.ts';
import { createProductionModule } from './production/productionModule.ts';
import { createAuditModule } from './services/audit/auditModule.ts';
import { linesHandlers } from './services/lines/linesHandlers.ts';
import { createOutboxErpModule } from './services/outbox/outboxErpModule.ts';
import { createAlertsModule } from './alerts/alertsModule.ts';
import { createPeopleModule } from './services/people/peopleModule.ts';
import { createSignalsModule } from './services/signals/signalsModule.ts';
import { systemHandlers } from './services/system/systemHandlers.ts';
import { externalLinkHosts } from './services/system/externalLinkHosts.ts';
import { saveBaselines } from './storage/counterBaselineRepo.ts';
import { openCheckedDatabase } from './storage/dbIdentity.ts';
import { createStorageHealth } from './storage/storageHealth.ts';

export type CoreStartErrorCode = 'CONFIG_INVALID' | 'DATABASE' | 'DATA_DIR';

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
  const config: PlantConfig = loaded.value;

  try {
    fs.mkdirSync(options.dataDir, { recursive: true });
  } catch (e) {
    throw new CoreStartError('DATA_DIR', `Cannot create the data folder ${options.dataDir}: ${(e as Error).message}`);
  }
  // Storage start-up checks (storage/dbIdentity.ts): folder writable, disk not full, the database is the
  // one this console had, not damaged, migrated, and takes a real write. Each refusal is one plain message.
  const opened = openCheckedDatabase({ dataDir: options.dataDir, plantId: config.plant.id, now: ports.clock.now(), log, acceptNewDatabase: options.acceptNewDatabase, acceptDatabaseChange: options.acceptDatabaseChange });
  if (!opened.ok) throw new CoreStartError(opened.code, opened.message);
  const { db, migrated } = opened;
  if (migrated.applied.length > 0) log.info('Database migrated', { from: migrated.from, to: migrated.to });

  const listeners = new Set<StreamListener>();
  const publish = (stream: string, payload: unknown): void => {
    if (!isStreamKey(stream)) throw new Error(`Bug: publishing unknown stream ${stream}`);
    if (options.host === 'test') streams[stream].payload.parse(payload);
    for (const l of listeners) {
      try {
        l(stream, payload);
      } catch (e) {
        log.error('Stream listener failed', { stream, error: e as Error });
      }
    }
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
        clock: ports.clock,
        secrets: ports.secrets,
      }),
    );
  }

  const pump = new LivePump({
    clock: ports.clock,
    logger: log,
    lines: config.lines,
    controllers: config.controllers,
    ports: gateways,
    endpointOf,
    tickMs: options.liveTickMs ?? 250,
    publishLines: (msg) => publish('live.lines', msg),
    publishConnections: (msg) => publish('connection.state', msg),
    saveBaselines: (items) => saveBaselines(db, items),
  });
  pump.start();

  const sessions = new SessionTable(ports.clock);
  const ctx: CoreContext = {
    options,
    config,
    db,
    ports,
    log,
    sessions,
    gateways,
    pump,
    publish: (stream, payload) => publish(stream, payload),
  };
  // Feature modules: one line each. Order matters only for start(): earlier modules start first.
  const modules: CoreModule<never>[] = [];
  const people = createPeopleModule(ctx);
  const audit = createAuditModule(ctx);
  modules.push(people, audit);
  const production = createProductionModule(ctx);
  modules.push(production);
  const outbox = createOutboxErpModule(ctx, { erpBaseUrl: options.erpBaseUrl });
  modules.push(outbox);
  const holds = createHoldsModule(ctx, { outbox: outbox.hub });
  modules.push(holds);
  const connectivity = createConnectivityModule(ctx);
  modules.push(connectivity);
  const alertsCases = createAlertsModule(ctx, { hub: outbox.hub, cmmsBaseUrl: options.cmmsBaseUrl });
  modules.push(alertsCases);
  const signals = createSignalsModule(ctx);
  modules.push(signals);
  await people.prepare().catch((e: unknown) => log.error('First-run preparation of users failed', { error: e as Error }));
  const handlers: Handlers = {
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
    })),
    ...linesHandlers(config, pump),
    ...people.handlers,
    ...audit.handlers,
    ...production.handlers,
    ...outbox.handlers,
    ...holds.handlers,
    ...connectivity.handlers,
    ...alertsCases.handlers,
    ...signals.handlers,
  };
  for (const m of modules) m.start?.();
  // Disk full, read-only folder or damaged database while running: one status on every screen, one plain answer.
  const storage = createStorageHealth({ db, dataDir: options.dataDir, clock: ports.clock, logger: log, identity: opened.identity, publish: (status) => publish('system.storage', status) });
  const dispatch = createDispatcher({ handlers, sessions, clock: ports.clock, logger: log, checkResponses: options.host === 'test', onDenied: auditDenials(db, ports.clock, log), storageFailure: (e) => storage.noteFailure(e) });

  // Controllers connect in the background: an unreachable controller is a state on screen, not a start failure.
  for (const [id, gateway] of gateways) {
    gateway.connect().catch((e: unknown) => log.error('Controller connect failed', { controllerId: id, error: e as Error }));
  }
  log.info('Core started', { plant: config.plant.id, lines: config.lines.length, controllers: config.controllers.length, host: options.host });

  let disposed = false;
  return {
    dispatch,
    openSession: (sessionOptions) => sessions.open(sessionOptions),
    closeSession: (id) => sessions.close(id),
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const m of [...modules].reverse()) await m.dispose?.();
      pump.dispose();
      // A controller that never answers CloseSession must not hold the console's shutdown (and its
      // database) hostage: wait a bounded time, then go on. Seen with node-opcua after a core restart.
      let timer: { dispose(): void } | null = null;
      const closing = Promise.allSettled([...gateways.values()].map(async (g) => g.dispose())).then(() => 'closed' as const);
      const bounded = new Promise<'timeout'>((resolve) => {
        timer = ports.clock.setTimer(CONTROLLER_CLOSE_MS, () => resolve('timeout'));
      });
      if ((await Promise.race([closing, bounded])) === 'timeout') {
        log.warn('Controller connections did not close in time; stopping without them', { waitedMs: CONTROLLER_CLOSE_MS });
      }
      (timer as { dispose(): void } | null)?.dispose();
      listeners.clear();
      storage.dispose();
      db.close();
      log.info('Core stopped');
    },
  };
};
