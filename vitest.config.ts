import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'node_modules/**'],
    globals: false,
    // A developer's .env must not change what the tests (and the processes they start) see.
    env: { ENV_FILE: '' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests share one real Redis (each with its own key prefix) and some start processes;
    // two cores do not gain from more parallel files.
    maxWorkers: 2,
  },
});
