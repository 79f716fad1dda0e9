import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:dev-set`: checks against the shared dev set (`DEV_SET`, by default
 * ../shared/eval/intents-dev.jsonl beside the clone). Kept out of `npm test`, which must pass
 * in a clone without that folder; CI runs it as its own step when the file exists.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/dev-set/**/*.test.ts'],
    globals: false,
    testTimeout: 60_000,
  },
});
