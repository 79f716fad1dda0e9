/** A Redis Lua script run by its SHA, loaded again when Redis forgot it (restart, SCRIPT FLUSH). */
import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis.js';

export interface LuaScript {
  run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown>;
}

export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
