/** The unanswered backlog is kept like personal data: scrubbed, expiring, erasable per conversation. */
import { afterAll, describe, expect, it } from 'vitest';
import { createFaqStats, scrubBacklogText, UNANSWERED_DAYS } from '../../src/faq/faq-stats.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { dumpKeys } from '../privacy/dump-keys.js';

const redis = testRedis();
const prefix = testPrefix();
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('unanswered backlog', () => {
  it('scrubs capitalised names, numbers and e-mails', () => {
    expect(scrubBacklogText('Majikan saya Pak Budi Santoso di Taichung, hp 0812-3456-7890')).toBe(
      'Majikan saya <name> di <name> hp <number>',
    );
  });

  it('every key it writes expires', async () => {
    const stats = createFaqStats({ redis, prefix });
    await stats.recordUnanswered('gimana cara urus surat di Karangsari', { channel: 'console', userId: 'ttl' });
    const keys = (await dumpKeys(redis, `${prefix}:faq:unanswered*`)).keys;
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(UNANSWERED_DAYS * 86_400);
    }
  });

  it('the eraser takes out the conversation lines, and only its share of a shared one', async () => {
    const stats = createFaqStats({ redis, prefix });
    const me = { channel: 'whatsapp' as const, userId: '6281299990000@c.us' };
    const other = { channel: 'whatsapp' as const, userId: '6281200001111@c.us' };
    await stats.recordUnanswered('bapak sutrisno dari desa sukamaju kerja di pabrik tekstil', me);
    await stats.recordUnanswered('apa itu bpjs tk', me);
    await stats.recordUnanswered('apa itu bpjs tk', other);
    expect((await stats.eraser.erase(me)).deleted).toEqual(['unanswered']);
    const dump = await dumpKeys(redis, `${prefix}:*`);
    for (const secret of ['sutrisno', 'sukamaju', 'tekstil', '6281299990000']) expect(dump.text).not.toContain(secret);
    expect(await stats.topUnanswered(10)).toContainEqual({ text: 'apa itu bpjs tk', count: 1 });
    expect((await stats.eraser.erase(me)).deleted).toEqual([]);
  });

  it('a line asked twice is erased twice, and the index of earlier versions is erased too', async () => {
    const stats = createFaqStats({ redis, prefix });
    const me = { channel: 'telegram' as const, userId: '7001' };
    const other = { channel: 'telegram' as const, userId: '7002' };
    await stats.recordUnanswered('kapan gajian kok lama', me);
    await stats.recordUnanswered('kapan gajian kok lama', me);
    await stats.recordUnanswered('kapan gajian kok lama', other);
    // A line recorded by the previous version: its index was a set.
    const day = new Date().toISOString().slice(0, 10);
    await redis.zincrby(`${prefix}:faq:unanswered:day:${day}`, 1, 'lupa pin lagi');
    await redis.sadd(`${prefix}:faq:unanswered:by:{telegram:7001}`, `${day}|lupa pin lagi`);
    await stats.eraser.erase(me);
    const top = await stats.topUnanswered(50);
    expect(top).toContainEqual({ text: 'kapan gajian kok lama', count: 1 });
    expect(top.map((r) => r.text)).not.toContain('lupa pin lagi');
    expect(await redis.exists(`${prefix}:faq:unanswered:by:{telegram:7001}`)).toBe(0);
  });
});
