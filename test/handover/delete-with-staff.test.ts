/**
 * "Hapus data saya" works while the conversation is with staff: the handover ends, staff are
 * told why in the topic, the usual confirmation follows; once confirmed, the topic is deleted
 * and staff are told in the General topic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataEraser } from '../../src/privacy/data-eraser.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { type Built, build, logger, recordingSender, STAFF_CHAT } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const api = createFakeStaffApi();
let built: Built;

beforeAll(async () => {
  built = build({ redis, prefix, senders: new Map([['console', recordingSender('console')]]), staffApi: api });
  await built.service.start();
});
afterAll(async () => {
  await built.service.stop();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const t = (key: string) => translator.t('id', key);
const send = async (userId: string, text: string, n: number) =>
  built.handler.handle({ channel: 'console', userId, messageId: `${userId}-${n}`, text, receivedAt: Date.now() });

describe('deletion while with staff', () => {
  it.each(['waiting', 'human'] as const)('works in %s mode and staff are told', async (mode) => {
    const userId = `del-${mode}`;
    await send(userId, 'minta petugas', 1);
    expect(await built.service.flush(5000)).toBe(true);
    const thread = Number(await redis.hget(`${prefix}:relay:{console:${userId}}:state`, 'threadId'));
    expect(thread).toBeGreaterThan(0);
    if (mode === 'human') {
      await built.service.staffHandler({
        chatId: STAFF_CHAT,
        threadId: thread,
        fromUserId: '900',
        fromName: 'Rina',
        messageId: 1,
        text: '/ambil',
        receivedAt: Date.now(),
      });
      expect((await built.dialogue.peek({ channel: 'console', userId }))?.mode).toBe('human');
    }
    const r = await send(userId, 'hapus data saya', 2);
    expect(r.replies.map((m) => m.text).join('\n')).toContain(t('privacy.confirm_delete'));
    expect(r.state?.mode).toBe('bot');
    expect(await built.service.flush(5000)).toBe(true);
    expect(api.posted.get(thread)?.join('\n')).toContain(translator.t('id', 'staff.line.deletion_requested'));

    const eraser = createDataEraser({ redis, prefix, logger, erasers: [built.service.eraser] });
    await eraser.erase({ channel: 'console', userId });
    expect(await built.service.flush(5000)).toBe(true);
    expect(api.topics.has(thread)).toBe(false);
    expect((api.posted.get(0) ?? []).join('\n')).toMatch(/🗑/);
  });
});
