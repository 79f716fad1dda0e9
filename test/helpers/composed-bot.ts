/**
 * The whole bot as `composeBot` builds it (no channels, no HTTP), on the real Redis under a
 * private prefix, started before a test file's tests and closed and cleaned after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Bot, composeBot } from '../../src/compose-bot.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from './redis.js';

/** Registers the set-up and tear-down; call the returned function inside a test. */
export function useComposedBot(): () => Bot {
  const prefix = testPrefix();
  const queuePrefix = `tq${prefix.slice(5)}`;
  const redis = testRedis();
  let bot: Bot | undefined;
  beforeAll(async () => {
    const config = parseConfig({
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: queuePrefix,
      SPOOL_DIR: 'var/test-spool',
    });
    bot = await composeBot({
      config,
      logger: createLogger({ level: 'silent', format: 'json' }),
      consoleOutput: null,
      http: false,
      withChannels: false,
    });
  }, 60_000);
  afterAll(async () => {
    await bot?.close();
    await cleanPrefix(redis, prefix);
    await cleanPrefix(redis, queuePrefix);
    await redis.quit();
  });
  return () => {
    if (!bot) throw new Error('the composed bot is not started (call inside a test)');
    return bot;
  };
}

/**
 * One question from a new user (a console chat of its own) to the composed bot: its result and
 * its replies' text joined by lines.
 */
export function askerOf(botOf: () => Bot, prefix: string) {
  let n = 0;
  return async (text: string) => {
    n++;
    const result = await botOf().handler.handle({
      channel: 'console',
      userId: `${prefix}-${n}`,
      messageId: `m${n}`,
      text,
      receivedAt: Date.now(),
    });
    return { ...result, text: result.replies.map((r) => r.text).join('\n') };
  };
}
