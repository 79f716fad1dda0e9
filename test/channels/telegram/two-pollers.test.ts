/**
 * Two processes polling with one token (Telegram answers the older getUpdates with 409): the
 * channel keeps polling with backoff and a loud log line, hears every message once the other
 * poller is gone, and ends the process (onFatal) when the conflict lasts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../../src/channels/telegram/telegram-channel.js';
import type { MessageHandler } from '../../../src/core/messages.js';
import { memoryLogger } from '../../complaints/complaint-test-kit.js';
import { type FakeBotApi, startFakeBotApi } from '../../helpers/fake-bot-api.js';
import { cleanPrefix, testPrefix, testRedis } from '../../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const echo: MessageHandler = {
  async handle(m) {
    return { replies: [{ text: `ok ${m.text ?? ''}` }], duplicate: false };
  },
};

function poller(fake: FakeBotApi, logger: ReturnType<typeof memoryLogger>['logger'], extra = {}): TelegramChannel {
  return createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    botInfo: fake.botInfo,
    handler: echo,
    redis,
    redisPrefix: prefix,
    logger,
    options: { pollingTimeoutSeconds: 1, conflictRetryMaxMs: 300, conflictGiveUpMs: 60_000, ...extra },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two pollers with one token', () => {
  it('keeps polling through 409s, loudly, and answers all 20 messages after the other stops', async () => {
    const fake = await startFakeBotApi({ pollConflicts: true });
    const a = memoryLogger();
    const first = poller(fake, a.logger);
    const second = poller(fake, memoryLogger().logger);
    try {
      await first.start();
      await second.start();
      await sleep(2500);
      await second.stop();
      for (let i = 0; i < 20; i++) fake.userSends(1000 + i, { text: `m${i}` });
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && fake.callsTo('sendMessage').length < 20) await sleep(100);
      const answered = new Set(fake.callsTo('sendMessage').map((c) => String(c.payload.chat_id)));
      expect(answered.size).toBe(20);
      expect(first.health().state).toBe('ready');
      const loud = a.lines.filter((l) => String(l.msg).includes('409') && Number(l.level) >= 50);
      expect(loud.length).toBeGreaterThan(0);
    } finally {
      await first.stop();
      await fake.close();
    }
  }, 40_000);

  it('ends the process when the conflict persists', async () => {
    const fake = await startFakeBotApi({ pollConflicts: true });
    const fatal: Error[] = [];
    const a = memoryLogger();
    const first = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      botInfo: fake.botInfo,
      handler: echo,
      redis,
      redisPrefix: prefix,
      logger: a.logger,
      options: { pollingTimeoutSeconds: 1, conflictRetryMaxMs: 200, conflictGiveUpMs: 1500 },
      onFatal: (err) => fatal.push(err),
    });
    const second = poller(fake, memoryLogger().logger, { conflictGiveUpMs: 600_000 });
    try {
      await first.start();
      await second.start();
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && fatal.length === 0) await sleep(100);
      expect(fatal).toHaveLength(1);
      expect(first.health().state).toBe('failed');
    } finally {
      await second.stop();
      await first.stop();
      await fake.close();
    }
  }, 30_000);
});
