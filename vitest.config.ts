import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and need nothing running; integration tests talk to
// the real local stack, which the global setup starts (or reuses) and stops afterwards.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['functions/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
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
    ],
  },
});
