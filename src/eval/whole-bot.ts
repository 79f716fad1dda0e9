/**
 * The whole bot in one process for evaluations: the composed bot (understanding, engine,
 * flows, actions, Redis sessions, handover, complaint intake) behind the terminal channel,
 * under a private Redis and queue prefix that is removed afterwards. Each question is asked
 * as a fresh user, so answers do not depend on each other.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { composeBot } from '../compose-bot.js';
import { parseConfig } from '../config.js';
import type { ConversationState, OutgoingMessage } from '../core/messages.js';
import type { Session } from '../engine/session.js';
import { createTranslator, loadLocales } from '../i18n/create-translator.js';
import { createLogger } from '../logger.js';
import { closeRedis, createRedis } from '../redis.js';

export interface FirstReply {
  replies: OutgoingMessage[];
  state: ConversationState | undefined;
  /** The session after the message (mode, handover, flow position). */
  session: Session | null;
}

export interface WholeBot {
  /** Sends one message as a brand-new user and returns everything the bot answered. */
  askFresh(text: string): Promise<FirstReply>;
  /** The bot's texts for a key, in every language (to recognise a reply). */
  textsOf(key: string): string[];
}

export async function withWholeBot<T>(
  env: Record<string, string | undefined>,
  run: (bot: WholeBot) => Promise<T>,
): Promise<T> {
  const tag = `eval-${randomBytes(4).toString('hex')}`;
  const config = parseConfig({
    ...env,
    REDIS_PREFIX: tag,
    QUEUE_PREFIX: `${tag}q`,
    HTTP_ENABLED: 'false',
    WORKER_ENABLED: 'false',
    SPOOL_DIR: `var/${tag}`,
  });
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'error', format: 'json' });
  const translator = createTranslator(loadLocales(config.LOCALES_DIR));
  const bot = await composeBot({ config, logger, consoleOutput: null, http: false, withChannels: false });
  let n = 0;
  try {
    await bot.start();
    return await run({
      textsOf: (key) => (['id', 'en'] as const).map((lang) => translator.t(lang, key)),
      async askFresh(text) {
        const userId = `${tag}-u${n++}`;
        const result = await bot.handler.handle({
          channel: 'console',
          userId,
          messageId: `${userId}-m0`,
          text,
          receivedAt: Date.now(),
        });
        const session = await bot.dialogue.peek({ channel: 'console', userId });
        return { replies: result.replies, state: result.state, session };
      },
    });
  } finally {
    await bot.close();
    await removePrefix(config.redisUrl, tag);
    await rm(config.SPOOL_DIR, { recursive: true, force: true });
  }
}

async function removePrefix(url: string, tag: string): Promise<void> {
  const redis = createRedis(url);
  try {
    for (const pattern of [`${tag}:*`, `${tag}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    await closeRedis(redis);
  }
}
