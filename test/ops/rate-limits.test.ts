import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IncomingMessage, MessageHandler } from '../../src/core/messages.js';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import { createRateLimits, withRateLimit } from '../../src/ops/rate-limits.js';
import { createRedis } from '../../src/redis.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const translator = createTranslator(loadLocales('locales'));

beforeAll(async () => {
  // The limiter falls back to memory while the client is not ready yet.
  await redis.ping();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

let n = 0;
const msg = (userId: string, channel: IncomingMessage['channel'] = 'telegram'): IncomingMessage => ({
  channel,
  userId,
  messageId: `m${++n}`,
  text: 'halo',
  receivedAt: Date.now(),
});

describe('per-user limit', () => {
  it('refuses past the budget and asks to slow down exactly once per window, across processes', async () => {
    const a = createRateLimits({ redis, prefix, userPerMinute: 3, channelPerSecond: 10_000 });
    const b = createRateLimits({ redis, prefix, userPerMinute: 3, channelPerSecond: 10_000 });
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await (i % 2 ? b : a).check(msg('628111')));
    expect(results.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    const refused = results.slice(3);
    expect(refused.every((r) => !r.ok && r.reason === 'user')).toBe(true);
    expect(refused.filter((r) => !r.ok && r.notify)).toHaveLength(1);
    expect(refused[0]).toMatchObject({ ok: false, notify: true });
  });

  it('answers a flooding user from memory, while other users still go through', async () => {
    const limits = createRateLimits({ redis, prefix, userPerMinute: 2, channelPerSecond: 10_000 });
    for (let i = 0; i < 3; i++) await limits.check(msg('flooder'));
    // rate-limiter-flexible defines this Lua command on the client: one call per Redis check.
    const calls = vi.spyOn(redis as unknown as { rlflxIncr: (...args: unknown[]) => unknown }, 'rlflxIncr');
    const flood = await Promise.all(Array.from({ length: 200 }, () => limits.check(msg('flooder'))));
    expect(flood.every((r) => !r.ok && !r.notify)).toBe(true);
    expect(calls).not.toHaveBeenCalled();
    expect(await limits.check(msg('someone-else'))).toEqual({ ok: true });
    expect(calls).toHaveBeenCalled();
    calls.mockRestore();
  });

  it('keeps no user id in limiter key names', async () => {
    const limits = createRateLimits({ redis, prefix, userPerMinute: 5, channelPerSecond: 10_000 });
    await limits.check(msg('6289999000111'));
    const keys = await redis.keys(`${prefix}:rl:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('6289999000111');
  });
});

describe('per-channel limit', () => {
  it('refuses messages over the channel budget without a slow-down notice, per channel', async () => {
    const limits = createRateLimits({ redis, prefix, userPerMinute: 100, channelPerSecond: 5 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => limits.check(msg(`c${i}`, 'whatsapp'))));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'channel' && !r.notify)).toHaveLength(3);
    expect(await limits.check(msg('other-channel', 'console'))).toEqual({ ok: true });
  });
});

describe('without Redis', () => {
  it('still limits per process through the in-memory insurance', async () => {
    const down = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    down.on('error', () => undefined);
    const limits = createRateLimits({ redis: down, prefix, userPerMinute: 2, channelPerSecond: 1000 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limits.check(msg('u-offline')));
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(results[2]).toMatchObject({ notify: true });
    down.disconnect();
  });
});

describe('withRateLimit', () => {
  it('passes allowed messages, answers the first refused one politely in the user language, drops the rest', async () => {
    const handled: string[] = [];
    const inner: MessageHandler = {
      async handle(m) {
        handled.push(m.messageId);
        return { replies: [{ text: 'ok' }], duplicate: false };
      },
    };
    const limited: string[] = [];
    const limits = createRateLimits({ redis, prefix, userPerMinute: 2, channelPerSecond: 1000 });
    const wrapped = withRateLimit(inner, limits, translator.t, {
      languageOf: async () => 'en',
      onLimited: (_m, reason) => limited.push(reason),
    });
    const out = [];
    for (let i = 0; i < 4; i++) out.push(await wrapped.handle(msg('wrapped-user')));
    expect(handled).toHaveLength(2);
    expect(out[2]?.replies).toEqual([{ text: translator.t('en', 'ops.slow_down') }]);
    expect(out[2]?.replies[0]?.text).toMatch(/too fast/);
    expect(out[3]?.replies).toEqual([]);
    expect(limited).toEqual(['user', 'user']);
  });
});
