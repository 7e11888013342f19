import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/validation/**', 'test/e2e/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Statistical validation against queueing theory: long runs, own timeout, no coverage.
        test: {
          name: 'validation',
          include: ['test/validation/**/*.test.ts'],
          environment: 'node',
          testTimeout: 170_000,
          hookTimeout: 170_000,
        },
      },
    ],
  },
});
