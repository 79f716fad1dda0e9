/**
 * The channel budget of one bot process, counted in memory: CHANNEL_RATE_PER_SECOND messages
 * per channel per second in each process, so a deployment's capacity grows with its
 * processes instead of being capped by one shared counter (and costs no Redis round trip).
 * The per-user budget is counted in Redis by the dialogue service's first script, shared by
 * all processes (a user's messages may reach any of them). See docs/operations.md, "Sizing".
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateCheck, RateLimits } from './rate-limits.js';

export function createChannelBudget(opts: {
  channelPerSecond: number;
  /**
   * Messages that do not count (a user already refused from memory: their flood must not use
   * up the channel's budget and make everyone else wait).
   */
  exempt?: (msg: { channel: string; userId: string }) => boolean;
}): RateLimits {
  const limiter = new RateLimiterMemory({ keyPrefix: 'channel', points: opts.channelPerSecond, duration: 1 });
  async function checkChannel(channel: string): Promise<RateCheck> {
    try {
      await limiter.consume(channel, 1);
      return { ok: true };
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) return { ok: true };
      return { ok: false, notify: false, reason: 'channel', retryAfterMs: res.msBeforeNext };
    }
  }
  return {
    check: (msg) => (opts.exempt?.(msg) ? Promise.resolve({ ok: true }) : checkChannel(msg.channel)),
    checkChannel,
  };
}
