/**
 * The composed bot as `npm start` wires it, twice in webhook mode on one Redis (two processes
 * of one deployment): the second process must not answer a chat's next message while the
 * first is still sending its reply to the previous one. The composition once dropped the
 * option that sends replies under the conversation lock, and only the fault suite noticed,
 * one run in four.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bot, composeBot } from '../src/compose-bot.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type FakeBotApi, startFakeBotApi } from './helpers/fake-bot-api.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from './helpers/redis.js';

const SECRET = 'compose-test-webhook-secret-0123';
const prefix = testPrefix();
const queuePrefix = `tq${prefix.slice(5)}`;
const redis = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'compose-bot-'));
let fake: FakeBotApi;
const bots: Bot[] = [];
const ports: number[] = [];

function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  fake = await startFakeBotApi();
  for (const name of ['a', 'b']) {
    const port = await sparePort();
    ports.push(port);
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.invalid/telegram',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      HTTP_ENABLED: 'true',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: queuePrefix,
      SPOOL_DIR: join(dir, `spool-${name}`),
      LOG_LEVEL: 'silent',
    });
    const bot = await composeBot({
      config,
      logger: createLogger({ level: 'silent', format: 'json' }),
      consoleOutput: null,
      http: true,
      withChannels: true,
    });
    await bot.start();
    bots.push(bot);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(bots.map((b) => b.close()));
  await fake?.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('composeBot, two processes by webhook', () => {
  it('sends the replies to one message before another process answers the next', async () => {
    const chat = 7070;
    const toChat = (p: Record<string, unknown>) => String(p.chat_id) === String(chat);
    // Telegram is slow to accept the first reply; the next message reaches the other process.
    fake.slowNext('sendMessage', 1500, { match: toChat });
    const first = fake.deliverWebhook(
      `http://127.0.0.1:${ports[0]}/telegram`,
      fake.userSends(chat, { text: 'halo' }),
      SECRET,
    );
    await new Promise((r) => setTimeout(r, 300));
    const second = fake.deliverWebhook(
      `http://127.0.0.1:${ports[1]}/telegram`,
      fake.userSends(chat, { text: 'menu' }),
      SECRET,
    );
    expect(await Promise.all([first, second])).toEqual([200, 200]);
    await fake.waitForCalls('sendMessage', 2, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const sends = fake.callsTo('sendMessage').filter((c) => toChat(c.payload));
    const [slow, ...rest] = sends;
    expect(slow?.doneAt).toBeDefined();
    expect(rest.length).toBeGreaterThan(0);
    // Every later send (the rest of the first reply, then the second process's reply) waited.
    for (const c of rest) expect(c.at).toBeGreaterThanOrEqual(slow?.doneAt ?? Number.POSITIVE_INFINITY);
  });

  it('marks a user who blocked the bot in their conversation, and their next message, to any process, clears it', async () => {
    const chat = 7171;
    const toChat = (p: Record<string, unknown>) => String(p.chat_id) === String(chat);
    const mark = `${prefix}:conv:{telegram:${chat}}:unreachable`;
    const hook = (i: number) => `http://127.0.0.1:${ports[i]}/telegram`;
    fake.failNext('sendMessage', { errorCode: 403 }, { match: toChat });
    expect(await fake.deliverWebhook(hook(0), fake.userSends(chat, { text: 'halo' }), SECRET)).toBe(200);
    await expect.poll(() => redis.exists(mark), { timeout: 10_000 }).toBe(1);
    const before = fake.callsTo('sendMessage').filter((c) => toChat(c.payload)).length;
    // Writing again, to the other process, is the turn's to clear: no Redis call of the channel's own.
    expect(await fake.deliverWebhook(hook(1), fake.userSends(chat, { text: 'menu' }), SECRET)).toBe(200);
    await expect.poll(() => redis.exists(mark), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => fake.callsTo('sendMessage').filter((c) => toChat(c.payload)).length, { timeout: 10_000 })
      .toBeGreaterThan(before);
  });
});
