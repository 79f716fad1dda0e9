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
  /**
   * USER_RATE_PER_MINUTE: a user who sent more than this to this process within a minute is
   * over the shared budget too (this process sees a part of their messages). The first message
   * over it still goes on (the shared counter answers it with the one slow-down notice); the
   * rest are refused here, silently, spending neither the channel's budget nor a Redis call
   * (a flood of long messages otherwise kept Redis busy for everyone).
   */
  userPerMinute?: number;
}): RateLimits {
  const limiter = new RateLimiterMemory({ keyPrefix: 'channel', points: opts.channelPerSecond, duration: 1 });
  const perUser = opts.userPerMinute
    ? new RateLimiterMemory({ keyPrefix: 'user', points: opts.userPerMinute + 1, duration: 60 })
    : undefined;
  /** Counts the user's message; the wait until their window ends once they are past it in this process alone. */
  async function userOver(msg: { channel: string; userId: string }): Promise<number | null> {
    if (!perUser) return null;
    try {
      await perUser.consume(`${msg.channel}:${msg.userId}`, 1);
      return null;
    } catch (res) {
      return res instanceof RateLimiterRes ? res.msBeforeNext : null;
    }
  }
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
    check: async (msg): Promise<RateCheck> => {
      const over = await userOver(msg);
      if (over !== null) return { ok: false, notify: false, reason: 'user', retryAfterMs: over };
      return opts.exempt?.(msg) ? { ok: true } : checkChannel(msg.channel);
    },
    checkChannel,
  };
}
