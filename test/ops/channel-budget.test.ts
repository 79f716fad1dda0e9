import { describe, expect, it } from 'vitest';
import { createChannelBudget } from '../../src/ops/channel-budget.js';

describe('channel budget (per process)', () => {
  it('lets CHANNEL_RATE_PER_SECOND messages through per channel and second, then refuses with a wait', async () => {
    const budget = createChannelBudget({ channelPerSecond: 3 });
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await budget.check({ channel: 'telegram', userId: String(i) }));
    expect(verdicts.slice(0, 3).every((v) => v.ok)).toBe(true);
    expect(verdicts[3]).toMatchObject({ ok: false, reason: 'channel', notify: false });
    expect(verdicts[3]?.ok === false && verdicts[3].retryAfterMs).toBeGreaterThan(0);
    // Another channel has its own budget; another process would have its own too.
    expect((await budget.checkChannel('whatsapp')).ok).toBe(true);
    expect((await createChannelBudget({ channelPerSecond: 3 }).checkChannel('telegram')).ok).toBe(true);
  });

  it("does not count an exempt message (a user already refused): a flood cannot use up the others' budget", async () => {
    const budget = createChannelBudget({ channelPerSecond: 2, exempt: (m) => m.userId === 'flooder' });
    for (let i = 0; i < 50; i++) expect((await budget.check({ channel: 'telegram', userId: 'flooder' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'a' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'b' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'c' })).ok).toBe(false);
  });

  it('refuses a user past USER_RATE_PER_MINUTE (+1 for the shared notice) in this process, at no cost to others', async () => {
    const budget = createChannelBudget({ channelPerSecond: 5, userPerMinute: 3 });
    const verdicts = [];
    for (let i = 0; i < 100; i++) verdicts.push(await budget.check({ channel: 'telegram', userId: 'flooder' }));
    // The budget, then the one message the shared counter answers with the slow-down notice.
    expect(verdicts.slice(0, 4).every((v) => v.ok)).toBe(true);
    expect(verdicts.slice(4).every((v) => !v.ok && v.reason === 'user' && !v.notify)).toBe(true);
    // The flood used 4 of the channel's 5 this second: one more user gets through.
    expect((await budget.check({ channel: 'telegram', userId: 'a' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'b' })).ok).toBe(false);
  });
});
