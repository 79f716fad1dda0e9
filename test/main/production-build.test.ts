/**
 * The production build under plain `node` (no tsx, no vitest), as `npm start`, the commands
 * and the image run it (tsc, then the esbuild bundle: scripts/build-if-needed.mjs): catches
 * ESM import and bundling traps that only show in production, checks that every command
 * loads from dist/, that the bot answers over Telegram, that a WhatsApp set-up without a
 * browser fails with one clear line instead of a stack trace, and that a service without a
 * channel waits (no restart loop) and says why on /healthz.
 */
import { type StdioOptions, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { REDIS_URL, testPrefix } from '../helpers/redis.js';

// Inside the repository so the build resolves node_modules like production does.
mkdirSync('var', { recursive: true });
const out = mkdtempSync(join(process.cwd(), 'var', 'test-build-'));

/** The built bot (dist/main.js of the test build) with its own Redis and queue prefix and spool. */
function startBuiltBot(name: string, env: Record<string, string>, stdio: StdioOptions) {
  const prefix = testPrefix();
  return spawn(process.execPath, [join(out, 'main.js')], {
    env: {
      ...process.env,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: `tq-${name}-${prefix.slice(5)}`,
      SPOOL_DIR: join(out, `${name}-spool`),
      ...env,
    },
    stdio,
  });
}
afterAll(() => rmSync(out, { recursive: true, force: true }));

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-if-needed.mjs', '--out', out], { encoding: 'utf8' });
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

  it('runs every command from the build (usage, flows:check, the scripted chat)', () => {
    const node = (args: string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...process.env, REDIS_URL, REDIS_PREFIX: testPrefix(), LOG_LEVEL: 'silent', ...extra },
        timeout: 60_000,
      });
    const usage: [string, number, RegExp][] = [
      ['cli/cases.js', 2, /usage: npm run cases/],
      ['cli/agencies-import.js', 1, /usage: npm run --silent agencies:import/],
      ['cli/eval-intents.js', 2, /usage: npm run eval:intents/],
      ['cli/eval-triage.js', 2, /usage: npm run eval:triage/],
      ['cli/eval-answers.js', 2, /usage: npm run eval:answers/],
      ['cli/report.js', 2, /usage: npm run --silent report/],
    ];
    for (const [file, code, text] of usage) {
      const run = node([join(out, file)]);
      expect(run.stderr, file).toMatch(text);
      expect(run.status, file).toBe(code);
      expect(run.stderr, file).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    }
    const flows = node([join(out, 'cli', 'flows-check.js')]);
    expect(flows.status, flows.stderr).toBe(0);
    expect(flows.stdout).toMatch(/flows, locales and intents are valid/);
    const faq = node([join(out, 'cli', 'faq-unanswered.js')]);
    expect(faq.status, faq.stderr).toBe(0);
    expect(faq.stdout).toMatch(/Unanswered questions/);

    const script = join(out, 'chat.txt');
    writeFileSync(script, 'halo\n');
    const chat = node([join(out, 'main.js'), 'chat', '--script', script, '--reset'], {
      SPOOL_DIR: join(out, 'chat-spool'),
      LOG_LEVEL: '',
    });
    expect(chat.status, chat.stderr).toBe(0);
    expect(JSON.parse(chat.stdout.split('\n')[0] ?? '')).toMatchObject({ in: 'halo', flow: 'main-menu' });
  }, 120_000);

  it('answers /start over Telegram (a fake Bot API on loopback)', async () => {
    // The bundle once renamed abort-controller's AbortSignal, and node-fetch (under grammy)
    // then refused every request: the bot started and never answered.
    const api = await startFakeBotApi();
    api.userSends(4242, { text: '/start' });
    const child = startBuiltBot(
      'tg',
      { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, HTTP_ENABLED: 'false', LOG_LEVEL: 'silent' },
      'ignore',
    );
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      await api.waitForCalls('sendMessage', 1, 30_000);
      expect(api.callsTo('sendMessage')[0]).toBeDefined();
    } finally {
      child.kill('SIGTERM');
      await exited;
      await api.close();
    }
  }, 60_000);

  it('runs the complaint worker from the build and stops it on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(out, 'cli', 'complaint-worker.js')], {
      env: { ...process.env, REDIS_URL, REDIS_PREFIX: testPrefix(), QUEUE_PREFIX: 'tq-build', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const deadline = Date.now() + 30_000;
    while (!/complaint worker started/.test(stderr) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(/complaint worker started/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 40_000);

  it('without a channel and without a terminal, stays up and reports why on /healthz', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const child = startBuiltBot(
      'idle',
      { HTTP_PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'info', WORKER_ENABLED: 'false' },
      ['ignore', 'ignore', 'pipe'],
    );
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const deadline = Date.now() + 30_000;
    while (!/Sahabat PMI is running/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(/no channel configured/);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unhealthy', problem: expect.stringMatching(/no channel/) });
    // Still running: a container would not be restarted in a loop.
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 40_000);
});
