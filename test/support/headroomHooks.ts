// Setup file (vitest.config.ts, projects unit and e2e): times every beforeAll / afterAll / beforeEach /
// afterEach registered through vitest's globals and keeps the time beside the hook's timeout (its own, or
// the project's hookTimeout) in the meta of the suite or test it ran for, where test/support/headroomReporter.ts
// reads it. Vitest reports no hook's timeout itself. Hooks of files that import the hook functions from
// 'vitest' instead of using the globals are not seen.
// It also keeps the CPU the file's fork has used when the file ends (its own user + system time and that of
// the child processes it has reaped: a serve, a demo plant, a tsc), in the file's meta, for the reporter's
// "most CPU" list: the suite's floor on 2 cores is its CPU / 2, so that list says where time can be won.
import fs from 'node:fs';
import { afterAll, inject } from 'vitest';

export interface HookTiming {
  readonly hook: 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';
  readonly ms: number;
  readonly timeout: number;
}

/** CPU of this process so far, in ms: its own (user, system) and that of the children it has waited for. */
export interface ProcessCpu {
  readonly pid: number;
  readonly userMs: number;
  readonly sysMs: number;
  readonly childUserMs: number;
  readonly childSysMs: number;
}

// Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux that Node supports.
const TICKS_PER_SECOND = 100;

/** This process's CPU now. Children's from /proc/self/stat (cutime, cstime); 0 where there is no /proc. */
export function processCpu(): ProcessCpu {
  const own = process.resourceUsage();
  let childUserMs = 0;
  let childSysMs = 0;
  try {
    // Fields after the command name (in parentheses, which may hold spaces): state is field 3, cutime 16, cstime 17.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    childUserMs = (Number(fields[13]) * 1000) / TICKS_PER_SECOND;
    childSysMs = (Number(fields[14]) * 1000) / TICKS_PER_SECOND;
  } catch {
    // no /proc: children's CPU unknown
  }
  return { pid: process.pid, userMs: own.userCPUTime / 1000, sysMs: own.systemCPUTime / 1000, childUserMs, childSysMs };
}

declare module 'vitest' {
  interface TaskMeta {
    hookTimings?: HookTiming[];
    /** On a file: the fork's CPU when the file ended (cumulative: the fork's start, imports and every file it ran). */
    cpuAtEnd?: ProcessCpu;
  }
  interface ProvidedContext {
    hookTimeout: number;
  }
}

type Hook = (fn: (...args: unknown[]) => unknown, timeout?: number) => void;
const defaultTimeout = inject('hookTimeout');
const g = globalThis as unknown as Record<HookTiming['hook'], Hook>;

// In a worker that runs several files (the unit-shared project, isolate: false) this file runs again for
// each file while vitest's globals stay: the wrapper keeps the function it wraps, so it is never wrapped twice.
type Wrapped = Hook & { unwrapped?: Hook };
for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach'] as const) {
  const current = g[hook] as Wrapped | undefined;
  if (typeof current !== 'function') continue;
  const original = current.unwrapped ?? current;
  const wrapper: Wrapped = (fn, timeout) => {
    const limit = timeout ?? defaultTimeout;
    // Vitest reads the hook's first parameter for the fixtures it uses, so it is an empty pattern here and
    // the arguments go on whole: (context, suite) for …All, (context with its test as .task, suite) for …Each.
    const timed = async function (this: unknown, {}: object) {
      const args = [...arguments] as unknown[];
      const t0 = performance.now();
      try {
        return await fn.apply(this, args);
      } finally {
        const task = (hook === 'beforeEach' || hook === 'afterEach' ? (args[0] as { task?: unknown }).task : args[1]) as { meta?: { hookTimings?: HookTiming[] } } | undefined;
        if (task?.meta) (task.meta.hookTimings ??= []).push({ hook, ms: performance.now() - t0, timeout: limit });
      }
    };
    original(timed as (...args: unknown[]) => unknown, timeout);
  };
  wrapper.unwrapped = original;
  g[hook] = wrapper;
}

// Registered first, so it runs after the file's own afterAll hooks (they run in reverse order): the CPU of
// stopping the file's plants and serves is counted. Imported from 'vitest' so it is not itself timed.
afterAll(({}, file) => {
  (file as { meta: { cpuAtEnd?: ProcessCpu } }).meta.cpuAtEnd = processCpu();
});
