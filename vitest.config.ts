import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { unitSharedFiles } from './test/support/unitSharedFiles.ts';

// How many test files run at once. Most files spend their time waiting, not computing (a plant's publishing
// cycle, a break longer than a subscription's lifetime, a screen's one-minute idle lock): measured with
// /usr/bin/time at 20–30 % of one core each. So a 2-core machine runs three at a time. Vitest's default
// (cores − 1) ran them one by one there. PLANT_TEST_WORKERS overrides it.
const workers = Number(process.env.PLANT_TEST_WORKERS) || Math.min(6, os.availableParallelism() + 1);

/**
 * The end-to-end files first: they are the longest (a minute or two each; together more than half of the
 * suite's file time), so started last they left the run with one or two files going for minutes. Within each
 * group, vitest's own order (slowest first once it has timings). Still so with 15 e2e files: the minute-long
 * waits on the real clock (people's idle lock, sessionAndForms) start early and overlap the rest.
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const e2e = (f: TestSpecification) => f.moduleId.includes('/test/e2e/');
    return [...sorted.filter(e2e), ...sorted.filter((f) => !e2e(f))];
  }
}

// Three projects: `unit` (unit + integration: real SQLite files, the real OPC UA simulator and HTTP
// sandboxes on 127.0.0.1 port 0), `e2e` (Chromium against serve mode), `reliability` (long fault runs,
// not in every CI run). Everything runs in Node; renderer tests that need a DOM go through Chromium.
export default defineConfig({
  test: {
    globals: true,
    pool: 'forks',
    maxWorkers: workers,
    sequence: { sequencer: EndToEndFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/reliability/**', 'node_modules/**', ...unitSharedFiles],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Times each hook beside its timeout for the headroom list (test/support/headroomReporter.ts).
          setupFiles: ['test/support/headroomHooks.ts'],
          provide: { hookTimeout: 30_000 },
        },
      },
      {
        extends: true,
        test: {
          // Unit files that start nothing and leave nothing: one worker process runs them one after another
          // (a fresh Node process, vitest and the file's imports cost ~0.7 s of CPU per file). Which files, and
          // why they may: test/support/unitSharedFiles.ts; test/support/leavesNothing.ts fails a file that
          // leaves global state for the next one.
          name: 'unit-shared',
          include: [...unitSharedFiles],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
          setupFiles: ['test/support/headroomHooks.ts', 'test/support/leavesNothing.ts'],
          provide: { hookTimeout: 30_000 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          // Fails the project (never skips it) when there is no Chromium.
          globalSetup: ['test/e2e/support/requireChromium.ts'],
          // A screen on a loaded machine may take seconds to answer: polls wait up to 15 s unless they say otherwise.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 90_000,
          // A file's serve and its browser context start in its beforeAll: seconds when idle, minutes on a machine loaded many times over.
          hookTimeout: 240_000,
          setupFiles: ['test/support/headroomHooks.ts'],
          provide: { hookTimeout: 240_000 },
          // Each file starts its own serve (fresh data folder, free ports; readingScreens.e2e.ts serves three
          // screens that only read) and its own browser context in the one Chromium the global setup starts, so
          // e2e files run beside each other and beside the unit files, in the same group of workers.
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
