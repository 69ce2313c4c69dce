import type { UtilityProcess } from 'electron';
import type { Message } from '../../shared/i18n/index.ts';
import { refuseKey } from '../../shared/contract/refusal.ts';
import { type ShellText, shellText } from './shellText.ts';
import type { SecretStore } from '../core/platform/ports/ports.ts';
import {
  type HostHubStatus,
  type HostInit,
  type HostToMain,
  type MainToHost,
  type SecretResultPayload,
  isHostToMain,
} from '../../shared/contract/hostWire.ts';

/**
 * Supervises the utility process that runs the core (electron/core/platform/host/utilityProcessEntry.ts).
 *
 * - Invokes are numbered and answered from the child's `result` messages. While the child is starting,
 *   they wait (so the window's first `system.info` does not fail at launch); while it is down between
 *   restarts they are answered UNAVAILABLE at once, and when it dies every unanswered invoke is
 *   answered UNAVAILABLE: nothing hangs.
 * - An unexpected exit restarts the child with capped exponential backoff (reset after a stable run) and
 *   tells the window through `system.notice`, once when it stops and once when it is back.
 * - The child asks for secrets (`secretRequest`); main answers from its SecretStore (safeStorage).
 *
 * Electron objects are only types here: `index.ts` passes `fromUtilityProcess(utilityProcess.fork(…))`,
 * tests pass a fake child.
 */

export interface ChildLike {
  postMessage(msg: MainToHost): void;
  kill(): void;
  onMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (code: number) => void): void;
}

export function fromUtilityProcess(p: UtilityProcess): ChildLike {
  return {
    postMessage: (msg) => p.postMessage(msg),
    kill: () => {
      p.kill();
    },
    onMessage: (cb) => {
      p.on('message', cb);
    },
    onExit: (cb) => {
      p.on('exit', cb);
    },
  };
}

export type NoticeLevel = 'info' | 'warning' | 'error';
export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface CoreHostOptions {
  spawn(): ChildLike;
  /** Called for every (re)start, so the secret-store description is current. */
  init(): HostInit;
  secrets: SecretStore;
  /** `msg`: the same as core catalogue messages, for the shell to say in the person's language (shellText.ts). */
  notify(n: { title: string; body: string; level: 'info' | 'warning' | 'critical'; msg?: { title: Message; body: Message } }): void;
  /** Every stream message, including the supervisor's own `system.notice`. */
  onStream(stream: string, payload: unknown): void;
  /** After every (re)start, once the core answers: main reads what it needs from the core then. */
  onReady?(restarted: boolean): void;
  /** This console is the plant hub: the listener's address and fingerprint, or why it did not start. */
  onHub?(status: HostHubStatus): void;
  log: LogFn;
  /** The shell's texts in the language in force (shellText.ts); English when not given. */
  text?: ShellText;
  now?: () => number;
  /** First restart delay, cap, and how long a run must last to reset the backoff. */
  backoff?: { initialMs: number; maxMs: number; stableMs: number };
  invokeTimeoutMs?: number;
  shutdownTimeoutMs?: number;
  /** Invokes waiting for a starting core, at most. */
  maxQueued?: number;
}

export type CoreHostState = 'idle' | 'starting' | 'ready' | 'backoff' | 'stopping' | 'stopped';

export interface CoreHost {
  start(): void;
  /** Resolves with a wire envelope; never rejects. */
  invoke(client: string, key: string, req: unknown): Promise<unknown>;
  closeClient(client: string): void;
  stop(): Promise<void>;
  state(): CoreHostState;
  restarts(): number;
}

interface Pending {
  resolve(envelope: unknown): void;
  timer: ReturnType<typeof setTimeout>;
  key: string;
}

export function createCoreHost(o: CoreHostOptions): CoreHost {
  const now = o.now ?? Date.now;
  const backoff = o.backoff ?? { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };
  const invokeTimeoutMs = o.invokeTimeoutMs ?? 60_000;
  const shutdownTimeoutMs = o.shutdownTimeoutMs ?? 5000;
  const maxQueued = o.maxQueued ?? 1000;

  let state: CoreHostState = 'idle';
  let child: ChildLike | null = null;
  let readyAt = 0;
  let failures = 0;
  let restartCount = 0;
  let lastFatal: string | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let queued: MainToHost[] = [];
  let exitWaiters: Array<() => void> = [];

  const say: ShellText = o.text ?? shellText('en');
  const notice = (level: NoticeLevel, message: string): void => {
    o.onStream('system.notice', { at: now(), level, message });
  };

  const answer = (id: number, envelope: unknown): void => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(envelope);
  };

  const failAll = (why: 'host.shuttingDown' | 'host.restarting'): void => {
    // A catalogue refusal: the screen says it in the reader's language.
    for (const id of [...pending.keys()]) answer(id, refuseKey('UNAVAILABLE', why));
    queued = [];
  };

  const send = (c: ChildLike, msg: MainToHost): void => {
    try {
      c.postMessage(msg);
    } catch (e) {
      o.log('warn', 'Could not post to the core process', { error: String(e) });
    }
  };

  async function answerSecret(c: ChildLike, msg: Extract<HostToMain, { type: 'secretRequest' }>): Promise<void> {
    let result: SecretResultPayload;
    try {
      if (msg.op === 'read') {
        const r = await o.secrets.read(msg.name);
        result = r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
      } else {
        const r = await o.secrets.write(msg.name, msg.value);
        result = r.ok ? { ok: true, value: null } : { ok: false, error: r.error };
      }
    } catch (e) {
      o.log('error', 'Secret store failed', { op: msg.op, name: msg.name, error: String(e) });
      result = { ok: false, error: 'UNAVAILABLE' };
    }
    if (c === child) send(c, { type: 'secretResult', id: msg.id, result });
  }

  function onChildMessage(c: ChildLike, raw: unknown): void {
    if (c !== child) return; // a message from a child we already gave up on
    if (!isHostToMain(raw)) {
      o.log('warn', 'Malformed message from the core process', { type: typeof raw });
      return;
    }
    switch (raw.type) {
      case 'ready': {
        const wasRestart = restartCount > 0;
        state = 'ready';
        readyAt = now();
        lastFatal = null;
        const toSend = queued;
        queued = [];
        for (const m of toSend) send(c, m);
        o.log('info', wasRestart ? 'Core restarted' : 'Core started');
        if (wasRestart) notice('info', say('core.restarted'));
        o.onReady?.(wasRestart);
        return;
      }
      case 'fatal':
        lastFatal = raw.message;
        o.log('error', 'Core reported a fatal error', { message: raw.message });
        return;
      case 'result':
        answer(raw.id, raw.envelope);
        return;
      case 'event':
        o.onStream(raw.stream, raw.payload);
        return;
      case 'secretRequest':
        void answerSecret(c, raw);
        return;
      case 'notify':
        o.notify({ title: raw.title, body: raw.body, level: raw.level, ...(raw.msg ? { msg: raw.msg } : {}) });
        return;
      case 'hub':
        o.onHub?.(raw.status);
        return;
    }
  }

  function onChildExit(c: ChildLike, code: number): void {
    if (c !== child) return;
    child = null;
    const waiters = exitWaiters;
    exitWaiters = [];
    for (const w of waiters) w();

    if (state === 'stopping' || state === 'stopped') {
      state = 'stopped';
      failAll('host.shuttingDown');
      return;
    }
    const ranFor = state === 'ready' ? now() - readyAt : 0;
    if (ranFor >= backoff.stableMs) failures = 0;
    failures += 1;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
    const why = lastFatal ?? `exit code ${code}`;
    o.log('error', 'Core process exited unexpectedly; restarting', { code, why, delayMs: delay, failures });
    failAll('host.restarting');
    // The core's own words (a stack, a library's message) stay in the log; the person reads what happened.
    const said = code === -1 && lastFatal?.startsWith('could not start') ? say('core.whyNoStart') : lastFatal ? say('core.whyFatal') : say('core.whyExit', { code });
    notice('error', say('core.stopped', { why: said, seconds: Math.round(delay / 1000) }));
    state = 'backoff';
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (state !== 'backoff') return;
      restartCount += 1;
      launch();
    }, delay);
  }

  function launch(): void {
    state = 'starting';
    let c: ChildLike;
    try {
      c = o.spawn();
    } catch (e) {
      // Treat a failed fork like a crash: same backoff, same notice.
      const fake: ChildLike = { postMessage() {}, kill() {}, onMessage() {}, onExit() {} };
      child = fake;
      lastFatal = `could not start the core process: ${e instanceof Error ? e.message : String(e)}`;
      onChildExit(fake, -1);
      return;
    }
    child = c;
    c.onMessage((m) => onChildMessage(c, m));
    c.onExit((code) => onChildExit(c, code));
    send(c, { type: 'init', init: o.init() });
  }

  return {
    start() {
      if (state !== 'idle') return;
      launch();
    },

    invoke(client, key, req) {
      return new Promise<unknown>((resolve) => {
        if (state === 'stopping' || state === 'stopped') {
          resolve(refuseKey('UNAVAILABLE', 'host.shuttingDown'));
          return;
        }
        if (state === 'backoff' || state === 'idle') {
          resolve(refuseKey('UNAVAILABLE', 'host.restarting'));
          return;
        }
        if (state === 'starting' && queued.length >= maxQueued) {
          resolve(refuseKey('UNAVAILABLE', 'host.starting'));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(
          () => answer(id, refuseKey('UNAVAILABLE', 'host.noAnswer', { command: key, seconds: String(Math.round(invokeTimeoutMs / 1000)) })),
          invokeTimeoutMs,
        );
        pending.set(id, { resolve, timer, key });
        const msg: MainToHost = { type: 'invoke', id, client, key, req };
        if (state === 'ready' && child) send(child, msg);
        else queued.push(msg);
      });
    },

    closeClient(client) {
      if (state === 'ready' && child) send(child, { type: 'closeClient', client });
    },

    async stop() {
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      if (state === 'stopped' || state === 'idle') {
        state = 'stopped';
        failAll('host.shuttingDown');
        return;
      }
      const c = child;
      state = 'stopping';
      if (!c) {
        state = 'stopped';
        failAll('host.shuttingDown');
        return;
      }
      const exited = new Promise<void>((resolve) => exitWaiters.push(resolve));
      send(c, { type: 'shutdown' });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs);
      });
      const r = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
      clearTimeout(timer);
      if (r === 'timeout') {
        o.log('warn', 'Core did not stop in time; killing it', { timeoutMs: shutdownTimeoutMs });
        c.kill();
        if (child === c) {
          child = null;
          state = 'stopped';
          failAll('host.shuttingDown');
        }
      }
    },

    state: () => state,
    restarts: () => restartCount,
  };
}
