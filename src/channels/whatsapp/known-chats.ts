/**
 * The chats that wrote to us first. The bot only ever answers these (no broadcast, no cold
 * messages), which is the main thing that keeps an unofficial WhatsApp number from being
 * banned. Kept in memory and, when Redis is given, in Redis so a restart does not forget
 * who may be answered (for example by hotline staff days later). Redis holds a keyed hash of
 * the chat id, never the id itself.
 */
import { createHmac } from 'node:crypto';
import type { RedisClient } from '../../redis.js';
import { BoundedMap } from './bounded-map.js';

export interface KnownChatsOptions {
  redis?: RedisClient;
  /** Key prefix, e.g. `pmi`; keys are `<prefix>:wa:known:<hash>`. */
  prefix?: string;
  /** How long a chat stays answerable after its last message. */
  ttlSeconds?: number;
  /** Mixed into the hash so the Redis keys cannot be matched against a list of numbers. */
  secret?: string;
  maxInMemory?: number;
  now?: () => number;
}

export interface KnownChats {
  remember(chatId: string): Promise<void>;
  has(chatId: string): Promise<boolean>;
}

export const DEFAULT_KNOWN_CHAT_TTL_SECONDS = 30 * 24 * 3600;

export function createKnownChats(options: KnownChatsOptions = {}): KnownChats {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_KNOWN_CHAT_TTL_SECONDS;
  const now = options.now ?? Date.now;
  const memory = new BoundedMap<string, number>(options.maxInMemory ?? 50_000);
  const key = (chatId: string) =>
    `${options.prefix ?? 'pmi'}:wa:known:${createHmac('sha256', options.secret ?? 'wa-known-chats')
      .update(chatId)
      .digest('base64url')
      .slice(0, 24)}`;

  return {
    async remember(chatId) {
      memory.set(chatId, now() + ttlSeconds * 1000);
      if (options.redis) await options.redis.set(key(chatId), '1', 'EX', ttlSeconds);
    },
    async has(chatId) {
      const until = memory.get(chatId);
      if (until !== undefined && until > now()) return true;
      if (!options.redis) return false;
      const ttl = await options.redis.pttl(key(chatId));
      if (ttl === -2 || ttl === 0) return false;
      memory.set(chatId, now() + (ttl > 0 ? ttl : ttlSeconds * 1000));
      return true;
    },
  };
}
