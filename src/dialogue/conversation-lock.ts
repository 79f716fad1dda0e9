/**
 * One message at a time per conversation, across processes. In-process work for the same
 * conversation is chained locally (no Redis polling between our own messages); across
 * processes a Redis lock with a token and an expiry decides.
 *
 * The expiry is short and renewed while the work runs, so a process that dies holding a lock
 * blocks that conversation for one `ttlMs`, not for as long as the longest message may take.
 * A lock whose release failed (Redis away for a moment) is ours alone: the next message of the
 * same conversation in this process takes it back at once instead of waiting for the expiry.
 * So is a lock whose taking failed without an answer (a command timeout while Redis was
 * frozen): Redis runs the queued command when it wakes, and the lock is then held with our token.
 */
import { randomUUID } from 'node:crypto';
import { LockTimeoutError } from '../errors.js';
import type { RedisClient } from '../redis.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const TAKE_BACK = `if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;

/** Locks whose release failed, remembered at most this many (the oldest are forgotten; they expire anyway). */
const MAX_ORPHANS = 10_000;

/** What a turn's work tells the lock about the lock's state in Redis. */
export interface TurnControl {
  /** The lock was never taken, or a script released it: nothing to release. */
  released(): void;
}

export interface ConversationLock {
  /** Runs `fn` holding the lock `lockKey`; `fn` receives the token to release early in a pipeline. */
  run<T>(lockKey: string, fn: (token: string) => Promise<T>): Promise<T>;
  /**
   * Like `run`, but the lock is taken by `begin` (a script that does more in the same round
   * trip), which answers 'locked' while another holder has it.
   */
  runTurn<B, T>(
    lockKey: string,
    begin: (token: string) => Promise<B | 'locked'>,
    fn: (token: string, began: B, control: TurnControl) => Promise<T>,
  ): Promise<T>;
  releaseScript: string;
}

export function createConversationLock(deps: { redis: RedisClient; ttlMs: number; waitMs: number }): ConversationLock {
  const { redis, ttlMs, waitMs } = deps;
  const chains = new Map<string, Promise<unknown>>();
  const orphans = new Map<string, string>();

  async function acquire(key: string): Promise<string> {
    const token = randomUUID();
    const orphan = orphans.get(key);
    if (orphan !== undefined) {
      const taken = Number(await redis.eval(TAKE_BACK, 1, key, orphan, token, ttlMs));
      orphans.delete(key);
      if (taken === 1) return token;
    }
    const deadline = Date.now() + waitMs;
    let delay = 5;
    for (;;) {
      const taken = await redis.set(key, token, 'PX', ttlMs, 'NX').catch((err: unknown) => {
        remember(key, token);
        throw err;
      });
      if (taken === 'OK') return token;
      if (Date.now() > deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  function remember(key: string, token: string): void {
    orphans.delete(key);
    if (orphans.size >= MAX_ORPHANS) orphans.delete(orphans.keys().next().value as string);
    orphans.set(key, token);
  }

  async function release(key: string, token: string): Promise<void> {
    try {
      await redis.eval(RELEASE, 1, key, token);
    } catch {
      remember(key, token);
    }
  }

  const renewing = (lockKey: string, token: string) => {
    const renew = setInterval(() => {
      redis.eval(RENEW, 1, lockKey, token, ttlMs).catch(() => undefined);
    }, ttlMs / 3);
    renew.unref();
    return renew;
  };

  function chained<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    const previous = chains.get(lockKey) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    chains.set(lockKey, current);
    void current
      .finally(() => {
        if (chains.get(lockKey) === current) chains.delete(lockKey);
      })
      .catch(() => undefined);
    return current;
  }

  return {
    releaseScript: RELEASE,
    runTurn(lockKey, begin, fn) {
      return chained(lockKey, async () => {
        // A lock this process failed to release is taken over with its token.
        const token = orphans.get(lockKey) ?? randomUUID();
        orphans.delete(lockKey);
        const deadline = Date.now() + waitMs;
        let delay = 5;
        let began: Awaited<ReturnType<typeof begin>>;
        try {
          began = await begin(token);
          while (began === 'locked') {
            if (Date.now() > deadline) throw new LockTimeoutError(lockKey);
            await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
            delay = Math.min(delay * 2, 200);
            began = await begin(token);
          }
        } catch (err) {
          // No answer is not a refusal: the take may still run in Redis, with this token.
          if (!(err instanceof LockTimeoutError)) remember(lockKey, token);
          throw err;
        }
        const renew = renewing(lockKey, token);
        let state: 'held' | 'released' = 'held';
        const control: TurnControl = {
          released: () => {
            state = 'released';
            clearInterval(renew);
          },
        };
        try {
          return await fn(token, began, control);
        } finally {
          clearInterval(renew);
          if (state === 'held') await release(lockKey, token);
        }
      });
    },
    run(lockKey, fn) {
      return chained(lockKey, async () => {
        const token = await acquire(lockKey);
        const renew = renewing(lockKey, token);
        try {
          return await fn(token);
        } finally {
          clearInterval(renew);
          await release(lockKey, token);
        }
      });
    },
  };
}
