/**
 * SCAN over every key matching a pattern, on one Redis or on every master of a Cluster
 * (SCAN on a Cluster client would only ask one node). Never KEYS: it blocks Redis.
 */
import { Cluster } from 'ioredis';
import type { RedisClient } from '../redis.js';

/** Yields batches of key names matching `pattern` (a Redis glob). */
export async function* scanKeys(redis: RedisClient, pattern: string, count = 500): AsyncGenerator<string[]> {
  let nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  if (redis instanceof Cluster && nodes.length === 0) {
    // A Cluster client knows its nodes only once connected: one command connects it.
    await redis.ping();
    nodes = redis.nodes('master');
  }
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/** Escapes glob characters so an id is matched literally inside a SCAN pattern. */
export function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Deletes keys one by one: on a Cluster a multi-key DEL must stay within one slot, and the
 * keys found by a pattern need not share one.
 */
export async function deleteKeys(redis: RedisClient, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  if (!(redis instanceof Cluster)) return redis.del(...keys);
  const counts = await Promise.all(keys.map((k) => redis.del(k)));
  return counts.reduce((a, b) => a + b, 0);
}
