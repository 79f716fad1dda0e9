/**
 * Users who blocked the bot (Telegram answers 403). The mark is the conversation's own
 * `unreachable` key (see conversation-keys.ts), so every bot process stops sending to them,
 * and the turn's first script deletes it when the user writes again: clearing costs no Redis
 * call of its own. (It was one global set, cleared by a call per user every ten minutes.)
 */
import { conversationKeys } from '../../dialogue/conversation-keys.js';
import type { Logger } from '../../logger.js';
import type { RedisClient } from '../../redis.js';

export interface InactiveUsers {
  mark(userId: string): Promise<void>;
  /** The user unblocked the bot (a membership update): sending may start again. */
  clear(userId: string): Promise<void>;
  has(userId: string): Promise<boolean>;
}

export interface InactiveUsersDeps {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
}

/** A user who never comes back is forgotten after a year; a send would only mark them again. */
const MARK_TTL_SECONDS = 365 * 86_400;

/** Redis trouble here must not stop a reply: failures are logged and read as "active". */
export function createInactiveUsers(deps: InactiveUsersDeps): InactiveUsers {
  const keyOf = (userId: string) => conversationKeys(deps.prefix, 'telegram', userId).unreachable;
  const warn = (op: string, err: unknown) =>
    deps.logger.warn(
      { op, errName: err instanceof Error ? err.name : typeof err },
      'telegram: inactive-user mark unavailable',
    );
  return {
    async mark(userId) {
      await deps.redis.set(keyOf(userId), '1', 'EX', MARK_TTL_SECONDS).catch((err: unknown) => warn('mark', err));
    },
    async clear(userId) {
      await deps.redis.del(keyOf(userId)).catch((err: unknown) => warn('clear', err));
    },
    async has(userId) {
      try {
        return (await deps.redis.exists(keyOf(userId))) === 1;
      } catch (err) {
        warn('has', err);
        return false;
      }
    },
  };
}
