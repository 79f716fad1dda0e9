/**
 * WhatsApp's customer-service window: free-form messages may be sent for 24 hours after the
 * user's last message; outside it only approved templates. Every process shares the last
 * inbound time through Redis; the key expires with the window, so "no key" means "closed".
 */
import type { RedisClient } from '../../redis.js';
import { cloudKeys } from './cloud-keys.js';

export const WINDOW_MS = 24 * 3_600_000;

export interface ServiceWindow {
  /** Records an inbound message at `at` (never moves the time backwards). */
  touch(userId: string, at: number): Promise<void>;
  /** True while a free-form message may be sent. */
  isOpen(userId: string, now: number): Promise<boolean>;
}

// Keeps the later of the stored and the new time and lets the key expire when the window closes.
const TOUCH = `
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = tonumber(ARGV[1])
if at > old then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

export function createServiceWindow(deps: { redis: RedisClient; prefix: string; windowMs?: number }): ServiceWindow {
  const keys = cloudKeys(deps.prefix);
  const windowMs = deps.windowMs ?? WINDOW_MS;
  return {
    async touch(userId, at) {
      const ttl = Math.max(1, at + windowMs - Date.now());
      await deps.redis.eval(TOUCH, 1, keys.lastInbound(userId), String(at), String(ttl));
    },
    async isOpen(userId, now) {
      const last = Number(await deps.redis.get(keys.lastInbound(userId)));
      return Number.isFinite(last) && last > 0 && now - last < windowMs;
    },
  };
}
