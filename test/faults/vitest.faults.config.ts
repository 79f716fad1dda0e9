import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault and hostile-input suite (docs/faults.md). Scenarios start
 * their own redis-server and bot/worker processes, so they run one file at a time.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/faults/**/*.faults.test.ts'],
    globals: false,
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    globalSetup: ['test/faults/global-setup.ts'],
  },
});
