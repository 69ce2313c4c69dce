import { defineConfig } from 'vitest/config';

// Three projects: `unit` (unit + integration: real SQLite files, the real OPC UA simulator and HTTP
// sandboxes on 127.0.0.1 port 0), `e2e` (Chromium against serve mode), `reliability` (long fault runs,
// not in every CI run). Everything runs in Node; renderer tests that need a DOM go through Chromium.
export default defineConfig({
  test: {
    globals: true,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/reliability/**', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
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
          hookTimeout: 120_000,
          fileParallelism: false,
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
