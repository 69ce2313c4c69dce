import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  type UAVariable,
} from 'node-opcua';
import { createPlantModel, DEMO_NAMESPACE_URI, demoNodeId, type LineSample, type PlantModel, type PlantModelOptions } from './plantModel.ts';

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
  /** Server StartTime of the running server instance. */
  startTime(): Date;
  /** Steps the model `ticks` times (default 1) and publishes the new values at once. */
  advance(ticks?: number): void;
  /** The line's counters restart from 0 (a counter reset on the controller). */
  resetCounter(line: number): void;
  /**
   * Stops the server (sessions dropped) and, after `downMs` (default 0), starts a new one on the same
   * port: new StartTime, model tick, counters and interlocks kept. Resolves once the new server listens.
   */
  restart(downMs?: number): Promise<void>;
  /** Current value of the line's HoldInterlock, as clients wrote it. */
  readInterlock(line: number): boolean;
  /** Stops the server and the tick timer; removes the PKI folder if it was a temp one. Idempotent. */
  stop(): Promise<void>;
}

interface LineNodes {
  goodCount: UAVariable;
  rejectCount: UAVariable;
  machineState: UAVariable;
  speed: UAVariable;
  currentOrder: UAVariable;
  holdInterlock: UAVariable;
}

const SECURITY_POLICIES = [
  SecurityPolicy.None,
  SecurityPolicy.Basic256Sha256,
  SecurityPolicy.Aes128_Sha256_RsaOaep,
  SecurityPolicy.Aes256_Sha256_RsaPss,
];

export async function startDemoPlant(options: DemoPlantOptions = {}): Promise<DemoPlant> {
  const model = createPlantModel(options);
  const host = options.host ?? '127.0.0.1';
  const tickMs = options.tickMs ?? 1000;
  if (!(tickMs >= 10)) throw new RangeError(`tickMs must be ≥ 10, got ${tickMs}`);
  const ownPki = options.pkiDir === undefined;
  const pkiDir = options.pkiDir ?? mkdtempSync(join(tmpdir(), 'demo-plant-pki-'));

  let tick = 0;
  const resetAt: (number | undefined)[] = new Array(model.lineCount).fill(undefined);
  const interlocks: boolean[] = new Array(model.lineCount).fill(false);
  let server: OPCUAServer | null = null;
  let nodes: LineNodes[] = [];
  let started = new Date();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let port = options.port ?? 0;

  const sample = (line: number): LineSample => model.lineAt(line, tick, resetAt[line - 1]);

  const publish = (): void => {
    const ts = new Date();
    nodes.forEach((n, i) => {
      const s = sample(i + 1);
      setIfChanged(n.goodCount, DataType.UInt32, s.goodCount, ts);
      setIfChanged(n.rejectCount, DataType.UInt32, s.rejectCount, ts);
      setIfChanged(n.machineState, DataType.Int32, s.machineState, ts);
      setIfChanged(n.speed, DataType.Double, s.speed, ts);
      setIfChanged(n.currentOrder, DataType.String, s.currentOrder, ts);
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
    const s = new OPCUAServer({
      port,
      host,
      hostname: host,
      resourcePath: '/UA/DemoPlant',
      serverCertificateManager: serverCm,
      userCertificateManager: userCm,
      securityPolicies: SECURITY_POLICIES,
      securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
      allowAnonymous: true,
      isAuditing: false,
      serverInfo: { applicationUri: 'urn:plant-console:demo-plant:server', productUri: 'urn:plant-console:demo-plant', applicationName: { text: 'Plant Console Demo Plant' } },
      buildInfo: { productName: 'Plant Console Demo Plant', manufacturerName: 'plant-console', softwareVersion: '0.1.0' },
    });
    try {
      await s.initialize();
      nodes = buildAddressSpace(s, model.lineCount, interlocks);
      publish();
      await s.start();
    } catch (err) {
      await s.shutdown(0).catch(() => undefined);
      throw explainStartError(err, host, port);
    }
    server = s;
    started = new Date();
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
      tick++;
      publish();
    }, tickMs);
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
    startTime: () => started,
    advance(ticks = 1) {
      if (!Number.isInteger(ticks) || ticks < 0) throw new RangeError(`ticks must be a non-negative integer, got ${ticks}`);
      tick += ticks;
      publish();
    },
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
    const variable = (name: 'GoodCount' | 'RejectCount' | 'MachineState' | 'Speed' | 'CurrentOrder', dataType: string): UAVariable =>
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
    });
  }
  return result;
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
