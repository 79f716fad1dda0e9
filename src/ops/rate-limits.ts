/**
 * Abuse limits in front of the dialogue service: a per-user budget per minute and a global
 * budget per channel per second, counted in Redis so every bot process shares them.
 *
 * A flood from one user must never slow the others, so a check never waits: no "execute
 * evenly" queueing, a short Redis timeout with an in-memory insurance limiter behind it, and
 * once a key is over its budget this process answers it from memory until the window ends.
 * The user's messages are checked first, so a flooder's refused messages do not use up the
 * channel's budget. Limiter keys carry a hashed user id, never the id itself.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { HandleResult, IncomingMessage, MessageHandler } from '../core/messages.js';
import type { Lang, Translator } from '../i18n/create-translator.js';
import { hashUserId } from '../logger.js';
import type { RedisClient } from '../redis.js';

export interface RateLimitsOptions {
  redis: RedisClient;
  /** Messages per user per minute (USER_RATE_PER_MINUTE). */
  userPerMinute: number;
  /** Messages per channel per second across all users (CHANNEL_RATE_PER_SECOND). */
  channelPerSecond: number;
  /** REDIS_PREFIX; default `pmi`. */
  prefix?: string;
  /** PSEUDONYM_SECRET, so limiter keys cannot be traced back to a phone number. */
  pseudonymSecret?: string;
  /** Longest wait for Redis before the in-memory limiter decides; default 200 ms. */
  redisTimeoutMs?: number;
}

export type RateCheck =
  | { ok: true }
  | {
      ok: false;
      /** True exactly once per window per user: send the polite slow-down message then. */
      notify: boolean;
      reason: 'user' | 'channel';
      retryAfterMs: number;
    };

export interface RateLimits {
  check(msg: Pick<IncomingMessage, 'channel' | 'userId'>): Promise<RateCheck>;
  /** The channel budget alone (a message that already passed its user's budget waits for it). */
  checkChannel(channel: string): Promise<RateCheck>;
}

type Limiter = RLWrapperTimeouts;

function limiter(opts: RateLimitsOptions, keyPrefix: string, points: number, duration: number): Limiter {
  const redisLimiter = new RateLimiterRedis({
    storeClient: opts.redis,
    keyPrefix,
    points,
    duration,
    // Once over the budget, this process refuses the key from memory until the window ends.
    inMemoryBlockOnConsumed: points + 1,
    rejectIfRedisNotReady: true,
    // While Redis is away or slow, the limit still holds per process.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:mem`, points, duration }),
  });
  return new RLWrapperTimeouts({ limiter: redisLimiter, timeoutMs: opts.redisTimeoutMs ?? 200 });
}

export function createRateLimits(opts: RateLimitsOptions): RateLimits {
  const prefix = opts.prefix ?? 'pmi';
  const perUser = limiter(opts, `${prefix}:rl:user`, opts.userPerMinute, 60);
  const perChannel = limiter(opts, `${prefix}:rl:channel`, opts.channelPerSecond, 1);

  /** The refusal, or null when the message may pass. */
  async function refusal(l: Limiter, key: string): Promise<RateLimiterRes | null> {
    try {
      await l.consume(key, 1);
      return null;
    } catch (res) {
      // Anything but a refusal means neither Redis nor the insurance answered: letting the
      // message through beats dropping a message that may be a call for help.
      return res instanceof RateLimiterRes ? res : null;
    }
  }

  return {
    async check(msg) {
      const userKey = hashUserId(msg.channel, msg.userId, opts.pseudonymSecret);
      const user = await refusal(perUser, userKey);
      if (user) {
        // consumedPoints is points + 1 only for the first refused message of the window; a
        // refusal answered from memory reports 0.
        return {
          ok: false,
          notify: user.consumedPoints === opts.userPerMinute + 1,
          reason: 'user',
          retryAfterMs: user.msBeforeNext,
        };
      }
      return this.checkChannel(msg.channel);
    },
    async checkChannel(name) {
      const channel = await refusal(perChannel, name);
      if (channel) {
        return { ok: false, notify: false, reason: 'channel', retryAfterMs: channel.msBeforeNext };
      }
      return { ok: true };
    },
  };
}

export interface RateLimitWrapperOptions {
  /** The user's language for the slow-down message (e.g. from the session); default `defaultLanguage`. */
  languageOf?: (msg: IncomingMessage) => Promise<Lang | undefined>;
  defaultLanguage?: Lang;
  /** Called for every refused message (metrics). */
  onLimited?: (msg: IncomingMessage, reason: 'user' | 'channel') => void;
  /** How long a message may wait for the channel budget before it is answered "busy"; default 5000 ms. */
  channelWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wraps the dialogue service for every channel. A user over their budget: messages are
 * dropped, and the first refused message of a window gets the polite `ops.slow_down` reply.
 * The channel over its budget (a backlog after a restart, a busy hour): the message waits for
 * the budget, since dropping it would leave a user who did nothing wrong without an answer;
 * after `channelWaitMs` it is answered with `ops.busy` so the user knows to send it again.
 */
export function withRateLimit(
  handler: MessageHandler,
  limits: RateLimits,
  t: Translator['t'],
  options: RateLimitWrapperOptions = {},
): MessageHandler {
  return {
    async handle(msg, handleOptions): Promise<HandleResult> {
      let verdict = await limits.check(msg);
      if (!verdict.ok && verdict.reason === 'channel') {
        const deadline = Date.now() + (options.channelWaitMs ?? 5000);
        while (!verdict.ok && verdict.reason === 'channel' && Date.now() < deadline) {
          await sleep(Math.min(Math.max(verdict.retryAfterMs, 20), 1000) + Math.random() * 50);
          verdict = await limits.checkChannel(msg.channel);
        }
        if (!verdict.ok) {
          options.onLimited?.(msg, 'channel');
          const lang = (await options.languageOf?.(msg).catch(() => undefined)) ?? options.defaultLanguage ?? 'id';
          return { replies: [{ text: t(lang, 'ops.busy') }], duplicate: false };
        }
      }
      if (verdict.ok) return handler.handle(msg, handleOptions);
      options.onLimited?.(msg, verdict.reason);
      if (!verdict.notify) return { replies: [], duplicate: false };
      const lang = (await options.languageOf?.(msg).catch(() => undefined)) ?? options.defaultLanguage ?? 'id';
      return { replies: [{ text: t(lang, 'ops.slow_down') }], duplicate: false };
    },
  };
}
