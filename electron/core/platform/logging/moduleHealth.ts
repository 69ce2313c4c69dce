import type { Clock, Disposable, Logger } from '../ports/ports.ts';

/** One part of the core as a person sees it: working, or working with a part of it failing. */
export interface ModuleHealthEntry {
  /** Stable name (`alerts`, `production`, …). */
  module: string;
  /** What a person calls it ("Alerts and cases"). */
  label: string;
  state: 'ok' | 'degraded' | 'stopped';
  /** Wall time the state began. */
  since: number;
  /** Plain words: what failed and what it means; empty when ok. */
  message: string;
}

export interface HealthSnapshot {
  at: number;
  modules: ModuleHealthEntry[];
}

/** One line, no stack, bounded: what a person may read of an error. */
export function plainError(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'an unknown error';
  const line = raw.split('\n')[0]!.trim() || 'an unknown error';
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}

/**
 * The core's module health: every failure a module's timer, listener or background work throws is caught
 * here, logged, and shown (system.health) instead of taking the process down. A module is degraded while
 * one of its kinds of work keeps failing, and ok again once that work succeeds.
 */
export class ModuleHealth {
  private readonly entries = new Map<string, ModuleHealthEntry>();
  /** module → kinds of work that failed last time they ran. */
  private readonly failing = new Map<string, Set<string>>();
  private readonly d: { now: () => number; logger: Logger; publish: (snapshot: HealthSnapshot) => void };
  private nextTimerId = 1;

  constructor(d: ModuleHealth['d']) {
    this.d = d;
  }

  register(module: string, label: string): void {
    if (!this.entries.has(module)) this.entries.set(module, { module, label, state: 'ok', since: this.d.now(), message: '' });
  }

  snapshot(): HealthSnapshot {
    return { at: this.d.now(), modules: [...this.entries.values()].map((e) => ({ ...e })) };
  }

  /** Something `module` was doing (`what`, plain words) threw. Logged with the error; the module shows degraded. */
  failed(module: string, what: string, error: unknown, key: string = what): void {
    this.register(module, module);
    const e = this.entries.get(module)!;
    let kinds = this.failing.get(module);
    if (!kinds) this.failing.set(module, (kinds = new Set()));
    const first = !kinds.has(key);
    kinds.add(key);
    // A failure that repeats every second is logged once per kind until it recovers, not once a second.
    if (first) this.d.logger.error('A part of the core failed; it keeps running without it', { module, what, error: error as Error });
    const message = `${e.label}: ${what} failed (${plainError(error)}). The rest of the console keeps working.`;
    if (e.state === 'degraded' && e.message === message) return;
    this.entries.set(module, { ...e, state: 'degraded', since: e.state === 'degraded' ? e.since : this.d.now(), message });
    this.publish();
  }

  /**
   * `key` ran fine. A periodic task or stream listener that failed is cleared only by its own next good run; a one-off failure
   * (a listener, a single timer, an alarm refresh that runs again only after a reconnect) is cleared by any
   * later good run of the module's work. When nothing is left failing, the module is ok again.
   */
  succeeded(module: string, key: string): void {
    const kinds = this.failing.get(module);
    if (!kinds || kinds.size === 0) return;
    const before = kinds.size;
    kinds.delete(key);
    // Periodic tasks and stream listeners run again by themselves: only their own good run clears them.
    for (const k of [...kinds]) if (!k.startsWith('interval:') && !k.startsWith('stream:')) kinds.delete(k);
    if (kinds.size === before || kinds.size > 0) return;
    const e = this.entries.get(module);
    if (!e || e.state !== 'degraded') return;
    this.d.logger.info('A part of the core works again', { module, what: key });
    this.entries.set(module, { ...e, state: 'ok', since: this.d.now(), message: '' });
    this.publish();
  }

  /** A module that could not start at all: its commands answer, its background work does not run. */
  stopped(module: string, message: string): void {
    this.register(module, module);
    const e = this.entries.get(module)!;
    this.entries.set(module, { ...e, state: 'stopped', since: this.d.now(), message });
    this.publish();
  }

  /** Runs `fn` as `module`'s `what`: a throw (or a rejected promise it returns) is caught, logged and shown. */
  run(module: string, what: string, fn: () => unknown, key: string = what): void {
    let out: unknown;
    try {
      out = fn();
    } catch (e) {
      this.failed(module, what, e, key);
      return;
    }
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      (out as Promise<unknown>).then(
        () => this.succeeded(module, key),
        (e: unknown) => this.failed(module, what, e, key),
      );
    } else this.succeeded(module, key);
  }

  /** Wraps a listener (stream, event, callback) so its throw is caught as `module`'s failure. */
  guard<A extends unknown[]>(module: string, what: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => this.run(module, what, () => fn(...args));
  }

  /** The clock a module gets: its timers can throw without stopping the core. */
  guardClock(module: string, clock: Clock): Clock {
    return {
      now: () => clock.now(),
      setTimer: (ms, fn) => clock.setTimer(ms, () => this.run(module, 'a scheduled task', fn)),
      setInterval: (ms, fn): Disposable => {
        const key = `interval:${this.nextTimerId++}`;
        return clock.setInterval(ms, () => this.run(module, 'a periodic task', fn, key));
      },
    };
  }

  private publish(): void {
    try {
      this.d.publish(this.snapshot());
    } catch (e) {
      this.d.logger.error('Publishing module health failed', { error: e as Error });
    }
  }
}
