/**
 * A turn whose lock-taking command timed out (Redis frozen) may still have taken the lock:
 * Redis runs the queued command when it wakes up. That lock is this process's: the next
 * message of the same conversation here takes it back at once instead of waiting for the
 * expiry (fault scenario 8 found users stuck for the lock's life after a freeze).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationLock } from '../../src/dialogue/conversation-lock.js';
import { createRedis, type RedisClient } from '../../src/redis.js';
import { FaultRedis, sleep } from '../faults/lib/fault-redis.js';

const TAKE = `local h = redis.call('get', KEYS[1])
if h and h ~= ARGV[1] then return 'locked' end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 'ok'`;

let server: FaultRedis;
let redis: RedisClient;
beforeAll(async () => {
  server = await FaultRedis.create('none');
  redis = createRedis(server.url, { commandTimeoutMs: 300 });
});
afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

describe('conversation lock after a timed-out take', () => {
  it('is taken back at once by the next turn in the same process', async () => {
    const lock = createConversationLock({ redis, ttlMs: 20_000, waitMs: 1000 });
    const key = 'lock-after-timeout:conv';
    const begin = async (token: string) =>
      (await redis.eval(TAKE, 1, key, token, 20_000)) === 'ok' ? ('ok' as const) : ('locked' as const);
    await redis.ping();
    server.freeze();
    await expect(lock.runTurn(key, begin, async () => 'first')).rejects.toThrow();
    server.thaw();
    // The frozen command ran when Redis woke up: the lock is held with the failed turn's token.
    const admin = server.client();
    for (let i = 0; i < 50 && !(await admin.exists(key)); i++) await sleep(20);
    expect(await admin.exists(key)).toBe(1);
    admin.disconnect();
    await expect(lock.runTurn(key, begin, async () => 'second')).resolves.toBe('second');
  }, 20_000);
});
