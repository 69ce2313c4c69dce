import fs from 'node:fs';
import path from 'node:path';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { createAlertsModule } from '../../../../../electron/core/features/alerts/index.ts';
import { LivePump } from '../../../../../electron/core/features/lines/index.ts';
import { createProductionModule } from '../../../../../electron/core/features/production/index.ts';
import { shiftFor } from '../../../../../electron/core/features/production/reportWindows.ts';
import { shiftHandlers } from '../../../../../electron/core/features/shiftClose/shiftHandlers.ts';
import type { CoreOptions } from '../../../../../electron/core/coreApi.ts';
import type { CoreContext } from '../../../../../electron/core/platform/coreContext.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { SessionTable } from '../../../../../electron/core/platform/dispatch/sessions.ts';
import { createLineFeed } from '../../../../../electron/core/platform/linefeed/lineFeed.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { createPlantModel } from '../../../../../electron/demo/plantModel.ts';
import { FakeClock, memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { FakeOpcuaPort } from '../../../../fixtures/FakeOpcuaPort.ts';
import { demoPlantConfigPath, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

/**
 * The parts of the core a shift change touches, on a real SQLite file and the core's clock port (a FakeClock):
 * the line feed and the live pump, the production module (tracker, live figures, shift rollups, retention),
 * the alerts module (line conditions once a second) and the shift close handlers. The controller is a
 * FakeOpcuaPort fed with the demo plant's own values (electron/demo/plantModel.ts: what the demo plant's OPC
 * UA server publishes at each tick, a tick being one second of line time), one publish response per sample,
 * changed values only (as a monitored item reports them). Not startCore: its OPC UA gateway's watchdog runs on
 * the same clock, and a simulated day with no real server answering would be a lost link, not a plant running.
 */
export interface ShiftRig {
  readonly plant: PlantConfig;
  readonly clock: FakeClock;
  readonly db: WritableDb;
  /** Runs the plant and the core until `until` (ms epoch), a sample every `sampleMs` of simulated time. */
  runUntil(until: number): void;
  /** Asks what a supervisor asks at a shift change: the shift list and the draft of the shift that ended. */
  closeEndedShift(): Promise<{ draftLines: number }>;
  /** Entry counts of every map, list and cache the parts keep in memory. */
  retained(): Record<string, number>;
  /** Stream messages published so far (counted, not kept). */
  published(): number;
  dispose(): void;
}

export interface ShiftRigOptions {
  dir: string;
  /** Replaces the demo plant's shift calendar (a shorter shift makes more shift changes per simulated hour). */
  shiftCalendar?: PlantConfig['shiftCalendar'];
  start: number;
  /** Simulated time between two samples of the plant. Default 1000 (the demo plant's tick). */
  sampleMs?: number;
  /** The production module's flush and recompute period. Default 1000 (as shipped). */
  flushMs?: number;
  /** The live pump's tick. Default 250 (as shipped). */
  liveTickMs?: number;
  /** Keep synchronous = FULL (an fsync per commit). Default false. */
  fsync?: boolean;
}

export function startShiftRig(o: ShiftRigOptions): ShiftRig {
  let configPath = demoPlantConfigPath;
  if (o.shiftCalendar) {
    configPath = path.join(o.dir, 'plant.json');
    fs.writeFileSync(configPath, JSON.stringify({ ...readDemoPlantConfig(), shiftCalendar: o.shiftCalendar }, null, 2));
  }
  const loaded = loadPlantConfig(configPath);
  if (!loaded.ok) throw new Error(loaded.error.text);
  const plant = loaded.value;
  const clock = new FakeClock(o.start);
  const db = openTestDb(o.dir, 'rig.db');
  migrate(db);
  // What is kept in memory does not depend on when the disk confirms a commit; a simulated day of commits at
  // synchronous = FULL would be a day of fsyncs (I/O wait). Everything else is the production database.
  if (!o.fsync) db.pragma('synchronous = OFF');
  const logger = memoryLogger();
  // The logger keeps its lines; drop them as they come so the rig itself does not grow.
  const trimLog = () => void logger.lines.splice(0, logger.lines.length);
  const controllerId = plant.controllers[0]!.id;
  const port = new FakeOpcuaPort(controllerId, clock.now());
  const ports = new Map([[controllerId, port]]);
  const feed = createLineFeed({ lines: plant.lines, controllers: plant.controllers, ports, logger });
  feed.start();
  let messages = 0;
  const pump = new LivePump({
    clock,
    logger,
    lines: plant.lines,
    controllers: plant.controllers,
    feed,
    endpointOf: () => 'opc.tcp://127.0.0.1:4840',
    tickMs: o.liveTickMs ?? 250,
    publishLines: () => void messages++,
    publishConnections: () => void messages++,
  });
  pump.start();
  const options: CoreOptions = { configPath, dataDir: o.dir, host: 'test', version: '0.0.0-test' };
  const ctx: CoreContext = {
    options,
    config: plant,
    db,
    ports: { clock, logger, secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() },
    log: logger,
    sessions: new SessionTable(clock),
    gateways: ports,
    feed,
    pump,
    publish: () => void messages++,
  };
  const production = createProductionModule(ctx, { flushMs: o.flushMs ?? 1000 });
  const alerts = createAlertsModule(ctx, { monotonic: () => clock.now() });
  const shift = shiftHandlers({ db, config: plant, gateways: ports, hub: { kick: () => {} }, consoleName: 'rig' });
  port.setState({ phase: 'connected', since: clock.now(), lastHeardAt: clock.now() });
  production.start!();
  alerts.start!();

  const model = createPlantModel({ lines: plant.lines.length });
  const t0 = o.start;
  const sampleMs = o.sampleMs ?? 1000;
  const last = new Map<string, string | number>();
  const sample = (): void => {
    const now = clock.now();
    const tick = Math.floor((now - t0) / 1000);
    const values: LiveValue[] = [];
    const put = (tagId: string | undefined, value: string | number) => {
      if (!tagId || last.get(tagId) === value) return;
      last.set(tagId, value);
      values.push({ tagId, value, quality: 'good', sourceTs: now, serverTs: now });
    };
    plant.lines.forEach((line, i) => {
      const s = model.lineAt(i + 1, tick);
      put(line.tags.currentOrder, s.currentOrder);
      put(line.tags.goodCount, s.goodCount);
      put(line.tags.rejectCount, s.rejectCount);
      put(line.tags.machineState, s.machineState);
      put(line.tags.speed, s.speed);
    });
    port.setState({ lastHeardAt: now });
    if (values.length > 0) port.push(values);
  };

  const actor = { userId: 'u-rig', displayName: 'Rig Supervisor', roles: ['supervisor' as const] };
  return {
    plant,
    clock,
    db,
    runUntil(until) {
      while (clock.now() < until) {
        sample();
        clock.advance(Math.min(sampleMs, until - clock.now()));
        trimLog();
      }
    },
    async closeEndedShift() {
      const now = clock.now();
      const c = { actor, sessionId: 's-rig', now };
      const list = await shift['shift.list']({}, c);
      if (!list.ok) throw new Error('shift.list failed');
      const ended = shiftFor(plant, 'previous', now);
      if (!ended || !ended.date) return { draftLines: 0 };
      const draft = await shift['shift.draft']({ date: ended.date, code: ended.name }, c);
      if (!draft.ok) throw new Error(`shift.draft failed: ${JSON.stringify(draft.error)}`);
      return { draftLines: draft.value.lines.length };
    },
    retained() {
      const a = alerts.alerts.retained();
      const e = alerts.engine.retained();
      return {
        ...production.retained(),
        'alerts.dirty': a.dirty,
        'alerts.forwardedAcks': a.forwardedAcks,
        'alerts.floodInWindow': a.floodInWindow,
        'alerts.linkBadSince': e.linkBadSince,
        'alerts.rateLowSince': e.rateLowSince,
        'alerts.counterLines': e.counterLines,
        'alerts.counterReadings': e.counterReadings,
        'log.lines': logger.lines.length,
      };
    },
    published: () => messages,
    dispose() {
      alerts.dispose!();
      void production.dispose!();
      pump.dispose();
      feed.dispose();
      db.close();
    },
  };
}
