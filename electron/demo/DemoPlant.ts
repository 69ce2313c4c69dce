import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  ServiceFault,
  StatusCodes,
  Variant,
  type UAVariable,
} from 'node-opcua';
import { createDemoAlarms, type DemoAlarms } from './demoAlarms.ts';
import { addInjectFaultMethod, DemoFaults } from './demoFaults.ts';
import { buildExtraTags, type ExtraTagNodes } from './demoExtraTags.ts';
import { buildHostile, HOSTILE_NAMESPACE_URI, type HostileNodes, type HostileValue } from './demoHostile.ts';
import { PROCESS_SIGNALS, type ProcessSignal, processValues, type ProcessValues } from './demoProcessSignals.ts';
import { buildStandardLines, DEMO_STANDARD_NAMESPACE_URI, type StandardLineNodes } from './demoStandardLines.ts';
import { createPlantModel, DEMO_NAMESPACE_URI, DEMO_STATE, demoNodeId, type LineSample, type PlantModel, type PlantModelOptions } from './plantModel.ts';

/**
 * The demo line simulator: a real OPC UA server on loopback whose values come from the pure plant
 * model. Used by `npm run demo:plant` and by integration tests (port 0, `autoTick: false`).
 * Server defaults stay controller-like: nothing here is tuned for benchmarks.
 */

export interface DemoPlantOptions extends PlantModelOptions {
  /** TCP port; 0 (default) picks a free one, reported as `port`. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1: the simulator is never exposed to the network. */
  host?: string;
  /** Milliseconds between model ticks when `autoTick` is on. Default 1000 (a tick is a second of line time). */
  tickMs?: number;
  /** Step the model on a timer. Default true; tests turn it off and call `advance()`. */
  autoTick?: boolean;
  /** The simulator's own PKI folder. Default: a fresh temp folder, removed on `stop()`. */
  pkiDir?: string;
  /** Accept any client certificate on the secure endpoints. Default true (it is a simulator). */
  acceptUnknownClientCertificates?: boolean;
  /**
   * Which endpoints the server offers: `standard` = None plus SignAndEncrypt with the three allowed policies;
   * `secure` = only the three allowed policies; `hostile` = only None and the deprecated Basic128Rsa15 / Basic256
   * (a controller below the console's policy floor, matrix T17).
   */
  endpointSet?: 'standard' | 'secure' | 'hostile';
  /** User-name logins the server accepts (e.g. a per-workstation service account). Default none. */
  users?: readonly { userName: string; password: string }[];
  /** Anonymous login allowed. Default true. */
  allowAnonymous?: boolean;
  /**
   * X.509 user certificates (PEM or DER bytes) the server trusts as user identities. The server always offers the
   * X.509 user token; without this (default) every user certificate is unknown and refused (BadIdentityTokenRejected),
   * and refused ones land in `<pkiDir>/user/rejected`.
   */
  trustedUserCertificates?: readonly Buffer[];
  /** Answer TransferSubscriptions with BadServiceUnsupported, like small controllers do. Default true (supported). */
  transferSubscriptions?: boolean;
  /**
   * Retentive counters that advance while the server is down: the tick is (now − epoch) / tickMs, so a
   * restarted process with the same epoch continues where the line is (matrix T12). `advance()` is refused.
   */
  tickEpochMs?: number;
  /** Add the PackML- and OPC 40001-shaped lines 4 and 5. Default true. */
  standardLines?: boolean;
  /** Number of free-form variables tests can set to anything (T19). Default 0. */
  hostileVariables?: number;
  /** Extra Double tags per line that change every tick (`Line{n}.Extra{k}`, demoExtraTags.ts), for load tests. Default 0. */
  extraTagsPerLine?: number;
  /** Extra endpoint URLs the server advertises, e.g. the address of a proxy or NAT in front of it. */
  advertisedEndpoints?: readonly string[];
  /**
   * Refuse every client certificate the way open62541 does: a secure channel opened with a certificate (any policy
   * but None) is answered with a bare close of the socket, no ERR message, no status code. Default false; can be
   * switched at run time with `refuseClientCertificates()`.
   */
  refuseClientCertificates?: boolean;
}

/** What the server saw of its clients' connection attempts (demo plant's own counters, for storm tests). */
export interface DemoContactLog {
  /** Times (ms since the epoch) of every TCP connection accepted. */
  connections: number[];
  /** Times of every OpenSecureChannel request carrying a certificate (policy other than None). */
  secureOpens: number[];
  /** Times of those refused with a bare close (refusing mode). */
  refused: number[];
}

export interface DemoPlant {
  readonly endpointUrl: string;
  readonly port: number;
  readonly namespaceUri: string;
  readonly model: PlantModel;
  /** The model tick the server currently shows. */
  currentTick(): number;
  /** What the server shows now, per line. */
  currentValues(): LineSample[];
  /** The process values (temperature, pressure, motor current) the server shows now, per line. */
  currentProcessValues(): ProcessValues[];
  /** Server StartTime of the running server instance. */
  startTime(): Date;
  /** Steps the model `ticks` times (default 1) and publishes the new values at once. */
  advance(ticks?: number): void;
  /** The line's counters restart from 0 (a counter reset on the controller). */
  resetCounter(line: number): void;
  /** The line reports Faulted and makes nothing for `seconds` of line time (demoFaults.ts). */
  injectFault(line: number, seconds: number): void;
  /**
   * Stops the server (sessions dropped) and, after `downMs` (default 0), starts a new one on the same
   * port: new StartTime, model tick, counters and interlocks kept. Resolves once the new server listens.
   */
  restart(downMs?: number): Promise<void>;
  /** Current value of the line's HoldInterlock, as clients wrote it. */
  readInterlock(line: number): boolean;
  /** Stops the server and the tick timer; removes the PKI folder if it was a temp one. Idempotent. */
  stop(): Promise<void>;
  /** Closes every client session on the server (subscriptions deleted), as a controller that drops sessions. */
  dropSessions(): number;
  /** Empties every subscription's retransmission queue: a Republish then answers BadMessageNotAvailable (#1524). */
  dropRetransmissionQueues(): number;
  /** Sessions open on the server now. */
  sessionCount(): number;
  /** Ids of the subscriptions the server holds now, over all sessions. */
  subscriptionIds(): number[];
  /** Restarts with a brand-new self-signed certificate (a controller whose certificate was replaced). */
  rotateCertificate(downMs?: number): Promise<void>;
  /** Sets hostile variable `index` (see `hostileVariables`). */
  setHostile(index: number, value: HostileValue): void;
  /** The PackML- and Machinery-shaped lines' samples (model lines 1 and 2 of a separate two-line model). */
  standardValues(): { packml: LineSample; machinery: LineSample } | null;
  /** Alarms & Conditions: a FaultAlarm per line follows Faulted; `set` raises named extra conditions (demoAlarms.ts). */
  readonly alarms: Pick<DemoAlarms, 'set' | 'states' | 'acknowledgeAtPanel'>;
  /** Switches the open62541-style refusal of client certificates (bare close after OpenSecureChannel) on or off. */
  refuseClientCertificates(on: boolean): void;
  /** Connection attempts seen since the plant started (kept across restarts; the last 10,000 of each). */
  contactLog(): DemoContactLog;
}

export { DEMO_STANDARD_NAMESPACE_URI, HOSTILE_NAMESPACE_URI };

interface LineNodes {
  goodCount: UAVariable;
  rejectCount: UAVariable;
  machineState: UAVariable;
  speed: UAVariable;
  currentOrder: UAVariable;
  holdInterlock: UAVariable;
  process: Record<ProcessSignal, UAVariable>;
}

const SECURE_POLICIES = [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss];

function endpointsFor(set: NonNullable<DemoPlantOptions['endpointSet']>): { policies: SecurityPolicy[]; modes: MessageSecurityMode[] } {
  if (set === 'secure') return { policies: SECURE_POLICIES, modes: [MessageSecurityMode.SignAndEncrypt] };
  if (set === 'hostile') {
    return { policies: [SecurityPolicy.None, SecurityPolicy.Basic128Rsa15, SecurityPolicy.Basic256], modes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt] };
  }
  return { policies: [SecurityPolicy.None, ...SECURE_POLICIES], modes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt] };
}

export async function startDemoPlant(options: DemoPlantOptions = {}): Promise<DemoPlant> {
  const model = createPlantModel(options);
  const host = options.host ?? '127.0.0.1';
  const tickMs = options.tickMs ?? 1000;
  if (!(tickMs >= 10)) throw new RangeError(`tickMs must be ≥ 10, got ${tickMs}`);
  const ownPki = options.pkiDir === undefined;
  const pkiDir = options.pkiDir ?? mkdtempSync(join(tmpdir(), 'demo-plant-pki-'));

  const epoch = options.tickEpochMs;
  let tick = 0;
  const clockTick = (): number => (epoch === undefined ? tick : Math.max(0, Math.floor((Date.now() - epoch) / tickMs)));
  tick = clockTick();
  const standardModel = options.standardLines === false ? null : createPlantModel({ lines: 2 });
  let standard: StandardLineNodes | null = null;
  let hostile: HostileNodes | null = null;
  let extra: ExtraTagNodes | null = null;
  const resetAt: (number | undefined)[] = new Array(model.lineCount).fill(undefined);
  const interlocks: boolean[] = new Array(model.lineCount).fill(false);
  let server: OPCUAServer | null = null;
  let nodes: LineNodes[] = [];
  let started = new Date();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let port = options.port ?? 0;
  let refusing = options.refuseClientCertificates ?? false;
  const contacts: DemoContactLog = { connections: [], secureOpens: [], refused: [] };
  const note = (list: number[]): void => {
    list.push(Date.now());
    if (list.length > 10_000) list.shift();
  };

  const faults = new DemoFaults();
  const alarms = createDemoAlarms();
  const sample = (line: number): LineSample => faults.apply(model.lineAt(line, tick, resetAt[line - 1]));

  const publish = (): void => {
    if (epoch !== undefined) tick = clockTick();
    const ts = new Date();
    if (standard && standardModel) standard.publish(standardModel.lineAt(1, tick), standardModel.lineAt(2, tick), ts);
    extra?.publish(tick, ts);
    nodes.forEach((n, i) => {
      const s = sample(i + 1);
      setIfChanged(n.goodCount, DataType.UInt32, s.goodCount, ts);
      setIfChanged(n.rejectCount, DataType.UInt32, s.rejectCount, ts);
      setIfChanged(n.machineState, DataType.Int32, s.machineState, ts);
      setIfChanged(n.speed, DataType.Double, s.speed, ts);
      setIfChanged(n.currentOrder, DataType.String, s.currentOrder, ts);
      const pv = processValues(model, s);
      for (const name of PROCESS_SIGNALS) setIfChanged(n.process[name], DataType.Double, pv[name], ts);
      alarms.followLine(i + 1, s.machineState === DEMO_STATE.faulted);
    });
  };

  const startServer = async (): Promise<void> => {
    const serverCm = new OPCUACertificateManager({
      rootFolder: join(pkiDir, 'server'),
      automaticallyAcceptUnknownCertificate: options.acceptUnknownClientCertificates ?? true,
    });
    const userCm = new OPCUACertificateManager({ rootFolder: join(pkiDir, 'user'), automaticallyAcceptUnknownCertificate: false });
    await serverCm.initialize();
    await userCm.initialize();
    for (const cert of options.trustedUserCertificates ?? []) await userCm.trustCertificate(new X509Certificate(cert).raw);
    const eps = endpointsFor(options.endpointSet ?? 'standard');
    const users = options.users ?? [];
    const s = new OPCUAServer({
      port,
      host,
      hostname: host,
      resourcePath: '/UA/DemoPlant',
      serverCertificateManager: serverCm,
      userCertificateManager: userCm,
      securityPolicies: eps.policies,
      securityModes: eps.modes,
      allowAnonymous: options.allowAnonymous ?? true,
      ...(options.advertisedEndpoints?.length ? { advertisedEndpoints: [...options.advertisedEndpoints] } : {}),
      userManager: { isValidUser: (userName: string, password: string) => users.some((u) => u.userName === userName && u.password === password) },
      isAuditing: false,
      serverInfo: { applicationUri: 'urn:plant-console:demo-plant:server', productUri: 'urn:plant-console:demo-plant', applicationName: { text: 'Plant Console Demo Plant' } },
      buildInfo: { productName: 'Plant Console Demo Plant', manufacturerName: 'plant-console', softwareVersion: '0.1.0' },
    });
    try {
      await s.initialize();
      nodes = buildAddressSpace(s, model.lineCount, interlocks);
      addInjectFaultMethod(s.engine.addressSpace!, model.lineCount, (line, seconds) => injectFault(line, seconds));
      const addressSpace = s.engine.addressSpace!;
      alarms.install(addressSpace, model.lineCount);
      if (standardModel) standard = buildStandardLines(addressSpace.registerNamespace(DEMO_STANDARD_NAMESPACE_URI), addressSpace.rootFolder.objects);
      if ((options.hostileVariables ?? 0) > 0) hostile = buildHostile(addressSpace.registerNamespace(HOSTILE_NAMESPACE_URI), addressSpace.rootFolder.objects, options.hostileVariables ?? 0);
      if ((options.extraTagsPerLine ?? 0) > 0) extra = buildExtraTags(addressSpace.getNamespace(DEMO_NAMESPACE_URI)!, addressSpace.rootFolder.objects, model.lineCount, options.extraTagsPerLine ?? 0);
      if (options.transferSubscriptions === false) refuseTransfer(s);
      publish();
      await s.start();
      watchConnections(s, {
        onConnection: () => note(contacts.connections),
        onSecureOpen: () => {
          note(contacts.secureOpens);
          if (refusing) note(contacts.refused);
          return refusing;
        },
      });
    } catch (err) {
      await s.shutdown(0).catch(() => undefined);
      throw explainStartError(err, host, port);
    }
    server = s;
    // The StartTime clients read in ServerStatus, not our own guess of it.
    started = s.engine.serverStatus.startTime ?? new Date();
    port = listeningPort(s) ?? port;
  };

  const stopServer = async (): Promise<void> => {
    const s = server;
    if (!s) return;
    nodes.forEach((n, i) => {
      interlocks[i] = n.holdInterlock.readValue().value.value === true;
    });
    server = null;
    nodes = [];
    alarms.detach();
    standard = null;
    hostile = null;
    extra = null;
    await s.shutdown(0);
  };

  try {
    await startServer();
  } catch (err) {
    if (ownPki) rmSync(pkiDir, { recursive: true, force: true });
    throw err;
  }
  if (options.autoTick ?? true) {
    timer = setInterval(() => {
      tick = epoch === undefined ? tick + 1 : clockTick();
      publish();
    }, tickMs);
  }

  function injectFault(line: number, seconds: number): void {
    checkLine(line);
    faults.inject(line, tick, (seconds * 1000) / tickMs);
    publish();
  }

  const checkLine = (line: number): void => {
    if (!Number.isInteger(line) || line < 1 || line > model.lineCount) throw new RangeError(`line ${line} does not exist (1 … ${model.lineCount})`);
  };

  return {
    get endpointUrl() {
      return `opc.tcp://${host}:${port}/UA/DemoPlant`;
    },
    get port() {
      return port;
    },
    namespaceUri: DEMO_NAMESPACE_URI,
    model,
    currentTick: () => tick,
    currentValues: () => Array.from({ length: model.lineCount }, (_, i) => sample(i + 1)),
    currentProcessValues: () => Array.from({ length: model.lineCount }, (_, i) => processValues(model, sample(i + 1))),
    startTime: () => started,
    advance(ticks = 1) {
      if (!Number.isInteger(ticks) || ticks < 0) throw new RangeError(`ticks must be a non-negative integer, got ${ticks}`);
      if (epoch !== undefined) throw new Error('advance() is not available when ticks follow the clock (tickEpochMs)');
      tick += ticks;
      publish();
    },
    injectFault: (line, seconds) => injectFault(line, seconds),
    resetCounter(line) {
      checkLine(line);
      resetAt[line - 1] = tick;
      publish();
    },
    async restart(downMs = 0) {
      if (stopped) throw new Error('the demo plant is stopped');
      await stopServer();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      if (stopped) return;
      await startServer();
    },
    readInterlock(line) {
      checkLine(line);
      const n = nodes[line - 1];
      return n ? n.holdInterlock.readValue().value.value === true : interlocks[line - 1] === true;
    },
    dropSessions() {
      const engine = server?.engine;
      if (!engine) return 0;
      const sessions = engine.getSessions();
      for (const session of sessions) engine.closeSession(session.authenticationToken, true, 'Forcing');
      return sessions.length;
    },
    dropRetransmissionQueues() {
      let dropped = 0;
      for (const session of server?.engine.getSessions() ?? []) {
        for (const sub of session.publishEngine.subscriptions) {
          // Private in node-opcua; this is exactly the state a controller that lost its queue is in.
          dropped += (sub as unknown as { _flushSentNotifications(): unknown[] })._flushSentNotifications().length;
        }
      }
      return dropped;
    },
    sessionCount: () => server?.engine.currentSessionCount ?? 0,
    subscriptionIds: () => (server?.engine.getSessions() ?? []).flatMap((session) => session.publishEngine.subscriptions.map((sub) => sub.id)),
    async rotateCertificate(downMs = 0) {
      if (stopped) throw new Error('the demo plant is stopped');
      await stopServer();
      rmSync(join(pkiDir, 'server', 'own'), { recursive: true, force: true });
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await startServer();
    },
    setHostile(index, value) {
      if (!hostile) throw new Error('the demo plant has no hostile variables (hostileVariables: 0)');
      hostile.set(index, value);
    },
    alarms,
    refuseClientCertificates(on) {
      refusing = on;
    },
    contactLog: () => ({ connections: [...contacts.connections], secureOpens: [...contacts.secureOpens], refused: [...contacts.refused] }),
    standardValues: () => (standardModel ? { packml: standardModel.lineAt(1, tick), machinery: standardModel.lineAt(2, tick) } : null),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await stopServer();
      if (ownPki) rmSync(pkiDir, { recursive: true, force: true });
    },
  };
}

function buildAddressSpace(server: OPCUAServer, lineCount: number, interlocks: readonly boolean[]): LineNodes[] {
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('address space not initialised');
  const ns = addressSpace.registerNamespace(DEMO_NAMESPACE_URI);
  const plant = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'DemoPlant', nodeId: 's=DemoPlant' });
  const result: LineNodes[] = [];
  for (let line = 1; line <= lineCount; line++) {
    const obj = ns.addObject({ componentOf: plant, browseName: `Line${line}`, nodeId: `s=Line${line}` });
    const variable = (name: 'GoodCount' | 'RejectCount' | 'MachineState' | 'Speed' | 'CurrentOrder' | ProcessSignal, dataType: string): UAVariable =>
      ns.addVariable({
        componentOf: obj,
        browseName: name,
        nodeId: `s=${demoNodeId(line, name)}`,
        dataType,
        accessLevel: 'CurrentRead',
        userAccessLevel: 'CurrentRead',
        // 0 = exception-based: values are pushed with setValueFromSource.
        minimumSamplingInterval: 0,
      });
    const holdInterlock = ns.addVariable({
      componentOf: obj,
      browseName: 'HoldInterlock',
      nodeId: `s=${demoNodeId(line, 'HoldInterlock')}`,
      dataType: 'Boolean',
      accessLevel: 'CurrentRead | CurrentWrite',
      userAccessLevel: 'CurrentRead | CurrentWrite',
      minimumSamplingInterval: 0,
    });
    holdInterlock.setValueFromSource(new Variant({ dataType: DataType.Boolean, value: interlocks[line - 1] === true }), StatusCodes.Good);
    result.push({
      goodCount: variable('GoodCount', 'UInt32'),
      rejectCount: variable('RejectCount', 'UInt32'),
      machineState: variable('MachineState', 'Int32'),
      speed: variable('Speed', 'Double'),
      currentOrder: variable('CurrentOrder', 'String'),
      holdInterlock,
      process: { Temperature: variable('Temperature', 'Double'), Pressure: variable('Pressure', 'Double'), MotorCurrent: variable('MotorCurrent', 'Double') },
    });
  }
  return result;
}

/** Small controllers do not implement TransferSubscriptions: clients must recreate (opcua-notes §4). */
function refuseTransfer(server: OPCUAServer): void {
  (server as unknown as { _on_TransferSubscriptionsRequest: (message: { request: unknown }, channel: { send_response(t: string, r: unknown, m: unknown): void }) => void })._on_TransferSubscriptionsRequest = (message, channel) => {
    channel.send_response('MSG', new ServiceFault({ responseHeader: { serviceResult: StatusCodes.BadServiceUnsupported } }), message);
  };
}

/**
 * Sees every TCP connection of the server's endpoints before node-opcua does, and every OpenSecureChannel request
 * (message type "OPN" at the start of a chunk: the client waits for ACK after HEL, so OPN starts a chunk). When
 * `onSecureOpen` answers true for an OPN whose security policy is not None, the socket is destroyed before node-opcua
 * reads it: a bare close, as open62541 answers a certificate it does not trust.
 */
function watchConnections(server: OPCUAServer, hooks: { onConnection(): void; onSecureOpen(): boolean }): void {
  for (const ep of server.endpoints) {
    const net = (ep as unknown as { _server?: import('node:net').Server })._server;
    if (!net) continue;
    net.prependListener('connection', (socket: import('node:net').Socket) => {
      hooks.onConnection();
      const emit = socket.emit.bind(socket);
      socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
        const chunk = args[0];
        if (event === 'data' && Buffer.isBuffer(chunk) && chunk.length >= 16 && chunk.toString('latin1', 0, 3) === 'OPN') {
          const uriLength = chunk.readInt32LE(12);
          const uri = uriLength > 0 && chunk.length >= 16 + uriLength ? chunk.toString('utf8', 16, 16 + uriLength) : '';
          if (!uri.endsWith('#None') && hooks.onSecureOpen()) {
            socket.destroy();
            return false;
          }
        }
        return emit(event, ...args);
      }) as typeof socket.emit;
    });
  }
}

function setIfChanged(v: UAVariable, dataType: DataType, value: number | string, ts: Date): void {
  const current = v.readValue();
  if (current.statusCode.isGood() && current.value.dataType === dataType && current.value.value === value) return;
  v.setValueFromSource(new Variant({ dataType, value }), StatusCodes.Good, ts);
}

function listeningPort(server: OPCUAServer): number | undefined {
  const ep = server.endpoints[0] as unknown as { port?: unknown } | undefined;
  return typeof ep?.port === 'number' ? ep.port : undefined;
}

function explainStartError(err: unknown, host: string, port: number): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as NodeJS.ErrnoException).code;
  const text = `${e.message} ${code ?? ''}`;
  if (/EADDRINUSE/.test(text)) {
    return new Error(`port ${port} on ${host} is already in use: stop the other program or pick another port (--port)`, { cause: e });
  }
  if (/EACCES/.test(text)) return new Error(`not allowed to listen on ${host}:${port}`, { cause: e });
  return e;
}
