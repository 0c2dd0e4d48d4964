import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and need nothing running; integration tests talk to
// the real local stack, which the global setup starts (or reuses) and stops afterwards.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['functions/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'frontend/src/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['functions/*/src/**/*.integration.test.ts', 'scripts/**/*.integration.test.ts'],
          globalSetup: ['scripts/stack/vitest-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // The services are shared: files run one after another so their data does not interleave.
          fileParallelism: false,
          // Memory tests collect garbage before each sample, so they measure what is held.
          execArgv: ['--expose-gc'],
        },
      },
      {
        // The whole cycle through real Airflow over every batch, per dataset, on the stack.
        test: {
          name: 'e2e',
          include: ['scripts/**/*.e2e.test.ts'],
          globalSetup: ['scripts/stack/vitest-global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
          // After unit and integration (group 0): two cores are not enough for both at once.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The built web UI in Debian's Chromium against its own cycle's functions on the stack.
        test: {
          name: 'browser',
          include: ['frontend/browser/**/*.browser.test.ts'],
          globalSetup: ['scripts/stack/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          // Last: its cycle and the browser want the two cores to themselves.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
