/** Every key under a pattern with its value as text, whatever its type (strings, hashes, lists, sets, streams). */
import type { Redis } from 'ioredis';

export interface KeyDump {
  keys: string[];
  /** Key names and values, one key per line. */
  text: string;
}

export async function dumpKeys(redis: Redis, pattern: string): Promise<KeyDump> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const lines: string[] = [];
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'hash') value = await redis.hgetall(key);
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else if (type === 'set') value = await redis.smembers(key);
    else if (type === 'zset') value = await redis.call('ZRANGE', key, '0', '-1', 'WITHSCORES');
    else if (type === 'stream') value = await redis.xrange(key, '-', '+');
    else value = `<${type}>`;
    lines.push(`${key} ${JSON.stringify(value)}`);
  }
  return { keys, text: lines.join('\n') };
}
