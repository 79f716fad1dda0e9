/**
 * "Hapus data saya": every area that keeps something about a conversation contributes an
 * eraser; the data eraser runs them all, the conversation's own keys last. One area failing
 * does not stop the others, and the caller learns which failed, so the user is told the truth.
 *
 * An eraser reports item names (`deleted`), which the delete action turns into the text
 * `privacy.items.<name>`; the same name twice counts twice ("2 complaints").
 */
import type { Conversation } from '../dialogue/dialogue-service.js';
import { hashUserId, type Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { deleteKeys, escapeGlob, scanKeys } from './scan-keys.js';

export interface ErasureResult {
  /** Item names, one per thing deleted (e.g. `conversation`, `relay_history`, `complaint`). */
  deleted: string[];
}

export interface Eraser {
  name: string;
  erase(conv: Conversation): Promise<ErasureResult>;
}

export interface DataErasure {
  deleted: string[];
  /** Names of erasers that failed; their data may still be there. */
  failed: string[];
}

export interface DataEraser {
  erase(conv: Conversation): Promise<DataErasure>;
}

export interface DataEraserOptions {
  redis: RedisClient;
  /** REDIS_PREFIX. */
  prefix: string;
  logger: Logger;
  /** Area erasers (complaints, relay history, channel marks); the conversation eraser is built in. */
  erasers: Eraser[];
  pseudonymSecret?: string;
}

export function createDataEraser(opts: DataEraserOptions): DataEraser {
  const all = [...opts.erasers, createConversationEraser({ redis: opts.redis, prefix: opts.prefix })];
  return {
    async erase(conv) {
      const log = opts.logger.child({
        channel: conv.channel,
        user: hashUserId(conv.channel, conv.userId, opts.pseudonymSecret),
      });
      const deleted: string[] = [];
      const failed: string[] = [];
      for (const eraser of all) {
        try {
          deleted.push(...(await eraser.erase(conv)).deleted);
        } catch (err) {
          failed.push(eraser.name);
          log.error({ err, eraser: eraser.name }, 'data erasure failed in one area');
        }
      }
      log.info({ items: countItems(deleted), failed }, 'personal data erased at the user request');
      return { deleted, failed };
    },
  };
}

export function countItems(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

export interface PatternEraserOptions {
  redis: RedisClient;
  name: string;
  /** Item name reported when at least one key was deleted. */
  item: string;
  /** The SCAN pattern of the conversation's keys; build it with `escapeGlob` around ids. */
  pattern: (conv: Conversation) => string;
  /** Keys never to delete (e.g. the lock held while the erasure runs). */
  keep?: (key: string) => boolean;
}

/** Deletes every key matching a per-conversation pattern. */
export function createPatternEraser(opts: PatternEraserOptions): Eraser {
  return {
    name: opts.name,
    async erase(conv) {
      let n = 0;
      for await (const batch of scanKeys(opts.redis, opts.pattern(conv))) {
        n += await deleteKeys(
          opts.redis,
          batch.filter((k) => !opts.keep?.(k)),
        );
      }
      return { deleted: n > 0 ? [opts.item] : [] };
    },
  };
}

const tag = (conv: Conversation) => escapeGlob(`{${conv.channel}:${conv.userId}}`);

/**
 * The session and the processed-message marks (`<prefix>:conv:{channel:userId}:*`). The lock
 * is kept: the erasure runs while the dialogue service holds it, and it expires by itself.
 */
export function createConversationEraser(opts: { redis: RedisClient; prefix: string }): Eraser {
  return createPatternEraser({
    redis: opts.redis,
    name: 'conversation',
    item: 'conversation',
    pattern: (conv) => `${escapeGlob(opts.prefix)}:conv:${tag(conv)}:*`,
    keep: (key) => key.endsWith(':lock'),
  });
}

/** Messages relayed between the user and staff (`<prefix>:relay:{channel:userId}:*`, the handover area). */
export function createRelayHistoryEraser(opts: { redis: RedisClient; prefix: string }): Eraser {
  return createPatternEraser({
    redis: opts.redis,
    name: 'relay-history',
    item: 'relay_history',
    pattern: (conv) => `${escapeGlob(opts.prefix)}:relay:${tag(conv)}:*`,
  });
}

/** Removes the user's id from a set keyed by raw chat ids (e.g. Telegram's `<prefix>:tg:inactive`). */
export function createSetMemberEraser(opts: {
  redis: RedisClient;
  name: string;
  key: string;
  channel: Conversation['channel'];
}): Eraser {
  return {
    name: opts.name,
    async erase(conv) {
      if (conv.channel !== opts.channel) return { deleted: [] };
      await opts.redis.srem(opts.key, conv.userId);
      // A mark that the bot cannot reach the user is not something the user would miss: not listed.
      return { deleted: [] };
    },
  };
}
