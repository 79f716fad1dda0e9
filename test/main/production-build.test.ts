/**
 * The production build under plain `node` (no tsx, no vitest): catches ESM import traps that
 * only show in production, and checks that a WhatsApp set-up without a browser fails with one
 * clear line instead of a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefix } from '../helpers/redis.js';

// Inside the repository so the build resolves node_modules like production does.
mkdirSync('var', { recursive: true });
const out = mkdtempSync(join(process.cwd(), 'var', 'test-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

beforeAll(() => {
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out], { encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}, 180_000);

describe('production build', () => {
  it('fails with one clear line when WhatsApp is enabled and the browser is missing', () => {
    const run = spawnSync(process.execPath, [join(out, 'main.js')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        WHATSAPP_ENABLED: 'true',
        PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
        WHATSAPP_DATA_DIR: join(out, 'wa'),
        REDIS_URL,
        REDIS_PREFIX: testPrefix(),
        HTTP_ENABLED: 'false',
        SPOOL_DIR: join(out, 'spool'),
        LOG_LEVEL: 'silent',
      },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/browser not found at \/nonexistent\/chromium/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('reports bad configuration one line per variable', () => {
    const run = spawnSync(process.execPath, [join(out, 'main.js')], {
      encoding: 'utf8',
      env: { ...process.env, HTTP_PORT: 'eighty', WHATSAPP_ENABLED: 'sometimes' },
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(/^config: HTTP_PORT: /),
      expect.stringMatching(/^config: WHATSAPP_ENABLED: /),
    ]);
  }, 60_000);
});
