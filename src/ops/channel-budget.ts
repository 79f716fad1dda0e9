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
   * over the shared budget too (this process sees a part of their messages), so their flood
   * spends none of the channel's budget even before the shared counter has refused them.
   */
  userPerMinute?: number;
}): RateLimits {
  const limiter = new RateLimiterMemory({ keyPrefix: 'channel', points: opts.channelPerSecond, duration: 1 });
  const perUser = opts.userPerMinute
    ? new RateLimiterMemory({ keyPrefix: 'user', points: opts.userPerMinute, duration: 60 })
    : undefined;
  /** Counts the user's message; true once they are over their budget in this process alone. */
  async function userOver(msg: { channel: string; userId: string }): Promise<boolean> {
    if (!perUser) return false;
    try {
      await perUser.consume(`${msg.channel}:${msg.userId}`, 1);
      return false;
    } catch (res) {
      return res instanceof RateLimiterRes;
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
    check: async (msg) => {
      const over = await userOver(msg);
      return over || opts.exempt?.(msg) ? { ok: true } : checkChannel(msg.channel);
    },
    checkChannel,
  };
}
