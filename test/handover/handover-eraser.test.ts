import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { build, recordingSender } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('handover eraser', () => {
  it('deletes the staff topic and every key that names the conversation', async () => {
    const api = createFakeStaffApi();
    const built = build({ redis, prefix, senders: new Map([['console', recordingSender('console')]]), staffApi: api });
    await built.service.start();
    const conv = { channel: 'console' as const, userId: 'e1' };
    await built.handler.handle({ ...conv, messageId: 'e1-1', text: 'minta petugas', receivedAt: Date.now() });
    await built.service.flush(5000);
    const [thread] = [...api.topics.keys()];
    expect(thread).toBeDefined();

    await built.service.eraser.erase(conv);
    await built.service.stop();
    expect(api.topics.has(thread as number)).toBe(false);
    const left = await redis.keys(`${prefix}:*`);
    expect(
      left.filter((k) => k.includes('relay:') || k.includes('handover:thread') || k.includes('handover:ticket')),
    ).toEqual([]);
    for (const key of [`${prefix}:handover:active`, `${prefix}:handover:ready`, `${prefix}:handover:urgent`]) {
      const members =
        (await redis.type(key)) === 'zset' ? await redis.zrange(key, '0', '-1') : await redis.smembers(key);
      expect(members.join()).not.toContain('e1');
    }
  });
});
