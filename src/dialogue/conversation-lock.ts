/**
 * One message at a time per conversation, across processes. In-process work for the same
 * conversation is chained locally (no Redis polling between our own messages); across
 * processes a Redis lock with a token and an expiry decides.
 */
import { randomUUID } from 'node:crypto';
import { LockTimeoutError } from '../errors.js';
import type { RedisClient } from '../redis.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface ConversationLock {
  /** Runs `fn` holding the lock `lockKey`; `fn` receives the token to release early in a pipeline. */
  run<T>(lockKey: string, fn: (token: string) => Promise<T>): Promise<T>;
  releaseScript: string;
}

export function createConversationLock(deps: { redis: RedisClient; ttlMs: number; waitMs: number }): ConversationLock {
  const { redis, ttlMs, waitMs } = deps;
  const chains = new Map<string, Promise<unknown>>();

  async function acquire(key: string): Promise<string> {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let delay = 5;
    for (;;) {
      if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') return token;
      if (Date.now() > deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  return {
    releaseScript: RELEASE,
    run(lockKey, fn) {
      const previous = chains.get(lockKey) ?? Promise.resolve();
      const current = previous
        .catch(() => undefined)
        .then(async () => {
          const token = await acquire(lockKey);
          try {
            return await fn(token);
          } finally {
            await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
          }
        });
      chains.set(lockKey, current);
      void current
        .finally(() => {
          if (chains.get(lockKey) === current) chains.delete(lockKey);
        })
        .catch(() => undefined);
      return current;
    },
  };
}
