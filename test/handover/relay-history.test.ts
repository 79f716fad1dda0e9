/** The staff history: compact in Redis, readable in both forms, bounded to what the card shows. */
import { afterAll, describe, expect, it } from 'vitest';
import { createRelayHistory } from '../../src/handover/relay-history.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('relay history', () => {
  it('stores short lines and reads them back with their role, text, media and time to the second', async () => {
    const history = createRelayHistory({ redis, prefix });
    const conv = { channel: 'telegram' as const, userId: 'h1' };
    const at = 1_796_000_000_123;
    await history.push(conv, [
      { at, role: 'user', text: 'majikan tidak bayar gaji' },
      { at: at + 5_000, role: 'user', media: 'photo' },
      { at: at + 9_000, role: 'staff', text: 'kami bantu' },
    ]);
    const raw = await redis.lrange(`${prefix}:relay:{telegram:h1}:history`, 0, -1);
    expect(raw[0]).toBe('{"t":1796000000,"r":"u","x":"majikan tidak bayar gaji"}');
    expect(await history.read(conv, 10)).toEqual([
      { at: 1_796_000_000_000, role: 'user', text: 'majikan tidak bayar gaji' },
      { at: 1_796_000_005_000, role: 'user', media: 'photo' },
      { at: 1_796_000_009_000, role: 'staff', text: 'kami bantu' },
    ]);
  });

  it('reads the long lines of earlier versions and skips damaged ones', async () => {
    const history = createRelayHistory({ redis, prefix });
    const key = `${prefix}:relay:{telegram:h2}:history`;
    await redis.rpush(key, JSON.stringify({ at: 5, role: 'bot', text: 'Halo' }), '{broken', '{"t":"x","r":"u"}');
    await history.push({ channel: 'telegram', userId: 'h2' }, [{ at: 7_000, role: 'user', text: 'lanjut' }]);
    expect(await history.read({ channel: 'telegram', userId: 'h2' }, 10)).toEqual([
      { at: 5, role: 'bot', text: 'Halo' },
      { at: 7_000, role: 'user', text: 'lanjut' },
    ]);
  });

  it('keeps the last six entries and the bot line as its opening words', async () => {
    const history = createRelayHistory({ redis, prefix });
    const conv = { channel: 'telegram' as const, userId: 'h3' };
    for (let i = 0; i < 14; i++) await history.push(conv, [{ at: i * 1000, role: 'user', text: `pesan ${i}` }]);
    const kept = await history.read(conv, 50);
    expect(kept.map((e) => e.text)).toEqual(Array.from({ length: 6 }, (_, i) => `pesan ${i + 8}`));
    const bot = history.forTurns.botEntryOf('x'.repeat(300), 0) as { x: string };
    expect(bot.x.length).toBeLessThanOrEqual(48);
  });
});
