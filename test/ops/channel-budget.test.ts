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

  it('spends nothing on a user over USER_RATE_PER_MINUTE in this process, before the shared counter refuses them', async () => {
    const budget = createChannelBudget({ channelPerSecond: 5, userPerMinute: 3 });
    // The flooder's first 3 messages count; the rest of the flood costs the channel nothing.
    for (let i = 0; i < 100; i++)
      expect((await budget.check({ channel: 'telegram', userId: 'flooder' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'a' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'b' })).ok).toBe(true);
    expect((await budget.check({ channel: 'telegram', userId: 'c' })).ok).toBe(false);
  });
});
