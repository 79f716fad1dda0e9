/**
 * The whole bot from its sources (src/main.ts; the compiled build that `npm start` runs is
 * checked by production-build.test.ts) with Telegram pointed at
 * the fake Bot API server on loopback: a real process, a real conversation, health and a
 * graceful stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const prefix = testPrefix();
const redis = testRedis();
let api: FakeBotApi;
let bot: ChildProcess;
let stderr = '';
const port = 18_000 + Math.floor(Math.random() * 2000);

beforeAll(async () => {
  api = await startFakeBotApi();
  bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: `tq${prefix.slice(5)}`,
      HTTP_PORT: String(port),
      SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'pmi-bot-')), 'spool'),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  bot.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !/Sahabat PMI is running/.test(stderr)) await new Promise((r) => setTimeout(r, 100));
}, 40_000);

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await api.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, `tq${prefix.slice(5)}`);
  await redis.quit();
});

describe('npm start with Telegram', () => {
  it('answers a private chat by long polling', async () => {
    expect(stderr).toMatch(/Sahabat PMI is running/);
    api.userSends(4242, { text: '/start' });
    const calls = await api.waitForCalls('sendMessage', 1, 20_000);
    const texts = calls.map((c) => String((c.payload as { text?: string }).text));
    expect(texts.join('\n')).toMatch(/Sahabat PMI/);
    // The greeting and the menu question with its buttons travel as one message.
    expect((calls[0]?.payload as { reply_markup?: unknown } | undefined)?.reply_markup).toBeDefined();
  }, 30_000);

  it('serves /healthz on HTTP_PORT', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { details?: { redis?: boolean } };
    expect(JSON.stringify(body)).toMatch(/telegram/);
  });

  it('stops gracefully on SIGTERM within the bound', async () => {
    const started = Date.now();
    bot.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => bot.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(stderr).toMatch(/shutting down/);
  }, 20_000);
});
