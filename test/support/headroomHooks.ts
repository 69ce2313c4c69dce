// Setup file (vitest.config.ts, projects unit and e2e): times every beforeAll / afterAll / beforeEach /
// afterEach registered through vitest's globals and keeps the time beside the hook's timeout (its own, or
// the project's hookTimeout) in the meta of the suite or test it ran for, where test/support/headroomReporter.ts
// reads it. Vitest reports no hook's timeout itself. Hooks of files that import the hook functions from
// 'vitest' instead of using the globals are not seen.
import { inject } from 'vitest';

export interface HookTiming {
  readonly hook: 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';
  readonly ms: number;
  readonly timeout: number;
}

declare module 'vitest' {
  interface TaskMeta {
    hookTimings?: HookTiming[];
  }
  interface ProvidedContext {
    hookTimeout: number;
  }
}

type Hook = (fn: (...args: unknown[]) => unknown, timeout?: number) => void;
const defaultTimeout = inject('hookTimeout');
const g = globalThis as unknown as Record<HookTiming['hook'], Hook>;

for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach'] as const) {
  const original = g[hook];
  if (typeof original !== 'function') continue;
  g[hook] = (fn, timeout) => {
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
}
