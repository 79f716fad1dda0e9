/**
 * Users who blocked the bot (Telegram answers 403). Kept in one Redis set so every bot
 * process stops sending to them; a new message from the user clears the mark.
 */
import type { Logger } from '../../logger.js';
import type { RedisClient } from '../../redis.js';

export interface InactiveUsers {
  readonly key: string;
  mark(userId: string): Promise<void>;
  /**
   * Clears the mark. A user cleared here within the last few minutes is skipped, which saves
   * a Redis call on every message; `force` always writes (the user unblocked the bot).
   */
  clear(userId: string, options?: { force?: boolean }): Promise<void>;
  has(userId: string): Promise<boolean>;
}

export interface InactiveUsersDeps {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  /** How long a clear is remembered locally. Default 10 minutes. */
  rememberClearMs?: number;
  now?: () => number;
}

const REMEMBERED_MAX = 50_000;

/** Redis trouble here must not stop a reply: failures are logged and read as "active". */
export function createInactiveUsers(deps: InactiveUsersDeps): InactiveUsers {
  const key = `${deps.prefix}:tg:inactive`;
  const rememberMs = deps.rememberClearMs ?? 10 * 60_000;
  const now = deps.now ?? Date.now;
  // userId -> until when a clear is remembered; a Map iterates oldest first, for eviction.
  const cleared = new Map<string, number>();
  const warn = (op: string, err: unknown) =>
    deps.logger.warn(
      { op, errName: err instanceof Error ? err.name : typeof err },
      'telegram: inactive-user set unavailable',
    );
  return {
    key,
    async mark(userId) {
      cleared.delete(userId);
      await deps.redis.sadd(key, userId).catch((err: unknown) => warn('mark', err));
    },
    async clear(userId, options = {}) {
      const t = now();
      if (!options.force && (cleared.get(userId) ?? 0) > t) return;
      try {
        await deps.redis.srem(key, userId);
      } catch (err) {
        warn('clear', err);
        return;
      }
      cleared.delete(userId);
      cleared.set(userId, t + rememberMs);
      if (cleared.size > REMEMBERED_MAX) {
        const oldest = cleared.keys().next().value;
        if (oldest !== undefined) cleared.delete(oldest);
      }
    },
    async has(userId) {
      try {
        return (await deps.redis.sismember(key, userId)) === 1;
      } catch (err) {
        warn('has', err);
        return false;
      }
    },
  };
}
