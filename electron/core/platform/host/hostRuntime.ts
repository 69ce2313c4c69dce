import { failWith, refuseKey } from '../../../../shared/contract/refusal.ts';
import { msg as msgOf } from '../../../../shared/i18n/index.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { Core, CoreOptions, StartCore } from '../../coreApi.ts';
import type { Notifier, Ports, SecretError, SecretStore } from '../ports/ports.ts';
import {
  type HostInit,
  type HostToMain,
  type MainToHost,
  type SecretResultPayload,
  isMainToHost,
} from '../../../../shared/contract/hostWire.ts';
import type { ServeHost } from '../serve/serveHost.ts';
import { prepareHubIdentity, startHubListener } from '../serve/hubListener.ts';

/**
 * The core's side of the utility-process protocol, as plain Node with everything injected so tests
 * drive it with a fake port and a fake core. `utilityProcessEntry.ts` wires it to `process.parentPort`.
 *
 * Lifecycle: wait for `init` → build ports (plain-Node clock, logger, online monitor; secrets and
 * notifications proxied to main) → `startCore` → post `ready`. Invokes that arrive before `ready` wait
 * for it. If `startCore` throws, post `fatal` and exit 1: main restarts us with backoff.
 */

/** The part of Electron's `process.parentPort` we use. Declared here: the core never imports 'electron'. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: HostToMain): void;
}

export interface HostDeps {
  startCore: StartCore;
  /** Plain-Node ports (clock, logger, online, and fallbacks for secrets/notifier that we replace). */
  createPorts(init: HostInit): Ports;
  exit(code: number): void;
  /** How long a secret request to main may take before the core sees UNAVAILABLE. */
  secretTimeoutMs?: number;
}

export interface HostRuntime {
  /** Resolves when the core is running (or rejects when it failed to start). */
  readonly started: Promise<Core>;
  /** Called on uncaught errors by the entry: tell main why, then exit non-zero. */
  crash(message: string): void;
  /**
   * An uncaught error after the core started: the running core logs it and shows it degraded, and the
   * process goes on. Returns false when there is no running core (start-up): then the entry crashes.
   */
  stray(what: string, error: unknown): boolean;
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function runCoreHost(port: ParentPortLike, deps: HostDeps): HostRuntime {
  const secretTimeoutMs = deps.secretTimeoutMs ?? 10_000;
  const sessions = new Map<string, string>();
  const pendingSecrets = new Map<number, (r: SecretResultPayload) => void>();
  let nextSecretId = 1;
  let core: Core | null = null;
  let hubListener: ServeHost | null = null;
  let shuttingDown = false;
  let initialised = false;

  let resolveStarted!: (c: Core) => void;
  let rejectStarted!: (e: unknown) => void;
  const started = new Promise<Core>((res, rej) => {
    resolveStarted = res;
    rejectStarted = rej;
  });
  // Invokes wait on this; a failed start must not surface as an unhandled rejection.
  started.catch(() => undefined);

  const post = (msg: HostToMain): void => {
    try {
      port.postMessage(msg);
    } catch {
      // The parent is gone; nothing left to tell.
    }
  };

  const askMain = (
    msg: { op: 'read'; name: string } | { op: 'write'; name: string; value: string },
  ): Promise<SecretResultPayload> =>
    new Promise((resolve) => {
      const id = nextSecretId++;
      const timer = setTimeout(() => {
        pendingSecrets.delete(id);
        resolve({ ok: false, error: 'UNAVAILABLE' });
      }, secretTimeoutMs);
      timer.unref?.();
      pendingSecrets.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      post(msg.op === 'read' ? { type: 'secretRequest', id, op: 'read', name: msg.name } : { type: 'secretRequest', id, ...msg });
    });

  const remoteSecrets = (description: string): SecretStore => ({
    async read(name: string): Promise<Result<string, SecretError>> {
      if (!SECRET_NAME.test(name)) return errResult('NOT_FOUND');
      const r = await askMain({ op: 'read', name });
      if (!r.ok) return errResult(r.error);
      return r.value === null ? errResult('NOT_FOUND') : okResult(r.value);
    },
    async write(name: string, value: string): Promise<Result<void, 'UNAVAILABLE'>> {
      if (!SECRET_NAME.test(name)) return errResult('UNAVAILABLE');
      const r = await askMain({ op: 'write', name, value });
      return r.ok ? okResult(undefined) : errResult('UNAVAILABLE');
    },
    describe: () => description,
  });

  const remoteNotifier: Notifier = {
    notify(n) {
      post({ type: 'notify', title: n.title, body: n.body, level: n.level, ...(n.msg ? { msg: n.msg } : {}) });
    },
  };

  async function start(init: HostInit): Promise<void> {
    try {
      const base = deps.createPorts(init);
      const ports: Ports = { ...base, secrets: remoteSecrets(init.secretsDescription), notifier: remoteNotifier };
      // The designated hub (docs/hub.md): its certificate before the core (which shows the fingerprint).
      // Without it the core still runs as this console's own, and no listener starts.
      const hubPrepared = init.hub ? await prepareHubIdentity(init.dataDir) : null;
      if (hubPrepared && !hubPrepared.ok) {
        base.logger.error('The plant hub was not started', { reason: hubPrepared.problem });
        post({ type: 'hub', status: { problem: hubPrepared.problem } });
      }
      const hubIdentity = hubPrepared?.ok ? hubPrepared.identity : null;
      const options: CoreOptions = {
        configPath: init.configPath,
        dataDir: init.dataDir,
        host: 'desktop',
        version: init.version,
        ...(init.endpointOverrides ? { endpointOverrides: init.endpointOverrides } : {}),
        ...(init.systemProxies ? { systemProxies: init.systemProxies } : {}),
        ...(hubIdentity ? { hub: { fingerprint: hubIdentity.fingerprint } } : {}),
      };
      const c = await deps.startCore(options, ports);
      core = c;
      c.events.subscribe((stream, payload) => post({ type: 'event', stream, payload }));
      resolveStarted(c);
      post({ type: 'ready' });
      if (init.hub && hubIdentity && !shuttingDown) {
        try {
          hubListener = await startHubListener({ core: c, identity: hubIdentity, logger: base.logger, staticDir: init.hub.staticDir, bind: init.hub.bind, port: init.hub.port });
          if (shuttingDown) await hubListener.close();
          else post({ type: 'hub', status: { fingerprint: hubIdentity.fingerprint, url: hubListener.url } });
        } catch (e) {
          // A port taken by another program: this console keeps running its own core, and says so.
          const problem = `The plant hub could not listen on ${init.hub.bind}:${init.hub.port} (${e instanceof Error ? e.message : String(e)}). Consoles cannot attach to this machine until it is started again with a free port.`;
          base.logger.error('The plant hub was not started', { reason: problem });
          post({ type: 'hub', status: { problem } });
        }
      }
    } catch (e) {
      rejectStarted(e);
      post({ type: 'fatal', message: `The core could not start: ${e instanceof Error ? e.message : String(e)}` });
      deps.exit(1);
    }
  }

  async function invoke(id: number, client: string, key: string, req: unknown): Promise<void> {
    let envelope: unknown;
    try {
      const c = await started;
      let session = sessions.get(client);
      if (session === undefined) {
        session = c.openSession();
        sessions.set(client, session);
      }
      envelope = await c.dispatch(key, req, session);
    } catch (e) {
      envelope = failWith('INTERNAL', `The core failed on ${key}: ${e instanceof Error ? e.message : String(e)}`, msgOf('dispatch.failed', { command: key }), { technical: e instanceof Error ? e.message : String(e) });
    }
    post({ type: 'result', id, envelope });
  }

  async function shutdown(): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    try {
      // A core still starting is waited for, so its database is closed cleanly too; main kills us if
      // this takes longer than its shutdown timeout.
      const c = core ?? (initialised ? await started.catch(() => null) : null);
      // The hub's screens go first, so no command reaches a core that is closing.
      await hubListener?.close().catch(() => undefined);
      hubListener = null;
      await c?.dispose();
    } finally {
      deps.exit(0);
    }
  }

  const onMessage = (msg: MainToHost): void => {
    switch (msg.type) {
      case 'init':
        if (initialised) return;
        initialised = true;
        void start(msg.init);
        return;
      case 'invoke':
        if (shuttingDown) {
          post({ type: 'result', id: msg.id, envelope: refuseKey('UNAVAILABLE', 'host.coreShuttingDown') });
          return;
        }
        void invoke(msg.id, msg.client, msg.key, msg.req);
        return;
      case 'closeClient': {
        const session = sessions.get(msg.client);
        sessions.delete(msg.client);
        if (session !== undefined && core) core.closeSession(session);
        return;
      }
      case 'secretResult': {
        const resolve = pendingSecrets.get(msg.id);
        pendingSecrets.delete(msg.id);
        resolve?.(msg.result);
        return;
      }
      case 'shutdown':
        void shutdown();
        return;
    }
  };

  port.on('message', (e) => {
    if (isMainToHost(e.data)) onMessage(e.data);
  });

  return {
    started,
    crash(message) {
      post({ type: 'fatal', message });
      deps.exit(1);
    },
    stray(what, error) {
      if (!core || shuttingDown || !core.reportFailure) return false;
      core.reportFailure(what, error);
      return true;
    },
  };
}
