import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    // Both cores: the two validation files (the longest) then run side by side.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/validation/**', 'test/e2e/**', 'test/**/*.svelte.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Rune classes (*.svelte.ts) need the Svelte compiler and Svelte's browser build (TOOLCHAIN.md).
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'ui-runes',
          include: ['test/**/*.svelte.test.ts'],
          environment: 'node',
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
