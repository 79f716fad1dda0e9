/** Sessions as versioned JSON documents in Redis, with a TTL refreshed on every save. */
import { parseSession, type Session } from '../engine/session.js';
import type { RedisClient } from '../redis.js';

export type LoadedSession =
  | { status: 'found'; session: Session }
  | { status: 'none' }
  | { status: 'corrupt'; problem: string };

export interface SessionStore {
  load(key: string): Promise<LoadedSession>;
  save(key: string, session: Session): Promise<void>;
  delete(key: string): Promise<void>;
}

export function interpretSession(raw: string | null): LoadedSession {
  if (raw === null) return { status: 'none' };
  const parsed = parseSession(raw);
  return parsed.ok ? { status: 'found', session: parsed.session } : { status: 'corrupt', problem: parsed.problem };
}

export function createSessionStore(deps: { redis: RedisClient; ttlSeconds: number }): SessionStore {
  const { redis, ttlSeconds } = deps;
  return {
    async load(key) {
      return interpretSession(await redis.get(key));
    },
    async save(key, session) {
      await redis.set(key, JSON.stringify(session), 'EX', ttlSeconds);
    },
    async delete(key) {
      await redis.del(key);
    },
  };
}
