import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi, type FakeStaffApi } from './fake-staff-api.js';
import { type Built, build, type RecordingSender, recordingSender, STAFF_CHAT } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);

let api: FakeStaffApi;
let built: Built;
let users: RecordingSender;
const statusCalls: { ticket: string; status: string; by?: string }[] = [];

function setup(
  config: Parameters<typeof build>[0]['config'] = {},
  options: Parameters<typeof build>[0]['options'] = {},
): void {
  api = createFakeStaffApi();
  users = recordingSender('console');
  built = build({
    redis,
    prefix,
    senders: new Map([['console', users]]),
    staffApi: api,
    config,
    options: { groupPerMinute: 1000, ...options },
    cases: {
      async setStatus(ticket, status, meta) {
        statusCalls.push({ ticket, status, ...(meta?.by ? { by: meta.by } : {}) });
        return { result: ticket === 'ADU-7K3Q9X2M' ? 'changed' : 'missing' };
      },
    },
  });
}
let seq = 0;
const say = (userId: string, text: string) =>
  built.handler.handle({ channel: 'console', userId, messageId: `m${++seq}`, text, receivedAt: Date.now() });
const staff = (threadId: number | undefined, text: string, from = '900'): StaffUpdate => ({
  chatId: STAFF_CHAT,
  ...(threadId !== undefined ? { threadId } : {}),
  fromUserId: from,
  fromName: from === '900' ? 'Rina' : 'Orang lain',
  messageId: ++seq,
  text,
  receivedAt: Date.now(),
});
async function topicOf(): Promise<number> {
  await built.service.flush(5000);
  return [...api.topics.keys()].at(-1) as number;
}
const posted = async (thread: number) => {
  await built.service.flush(5000);
  return api.posted.get(thread) ?? [];
};

afterEach(async () => {
  await built.service.stop();
  await cleanPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('handover ports', () => {
  it('says honestly that no staff console is connected when STAFF_CHAT_ID is missing', async () => {
    setup({ STAFF_CHAT_ID: undefined });
    const r = await say('a1', 'minta petugas');
    // Nobody could answer here: the numbers instead of a wait that would never end.
    const text = r.replies.map((m) => m.text).join('\n');
    expect(text).toContain(t('handover.no_staff_console'));
    expect(text).toContain('0800-1000');
    expect(r.state?.mode).toBe('bot');
    expect(r.state?.escalation).toMatchObject({ reason: 'user_request' });
    expect(api.calls).toEqual([]);
  });

  it('keeps the code word discreet: no handover notice, but an urgent topic for staff', async () => {
    setup();
    await built.service.start();
    const r = await say('a2', 'payung biru');
    expect(r.replies.map((m) => m.text)).toEqual([t('common.discreet_ack')]);
    const thread = await topicOf();
    expect(api.topics.get(thread)?.name).toMatch(/^🔴 PMI-\w{6} · negara \? · kata sandi$/);
  });

  it('marks a waiting conversation urgent when the user reports danger, without a second topic', async () => {
    setup();
    await built.service.start();
    await say('a3', 'minta petugas');
    const thread = await topicOf();
    const r = await say('a3', 'saya dipukul');
    expect(r.replies[0]?.text).toContain(t('emergency.intro'));
    const lines = await posted(thread);
    expect(lines.some((l) => l.startsWith('🔴 Sekarang MENDESAK'))).toBe(true);
    expect(lines.some((l) => l.endsWith('saya dipukul'))).toBe(true);
    expect(api.topics.get(thread)?.name.startsWith('🔴')).toBe(true);
    expect(api.topics.size).toBe(1);
  });
});

describe('staff console', () => {
  it('ignores people who are not staff, and answers unknown commands without relaying them', async () => {
    setup();
    await built.service.start();
    await say('b1', 'minta petugas');
    const thread = await topicOf();
    await built.service.staffHandler(staff(thread, '/ambil', '555'));
    await built.service.staffHandler(staff(thread, 'halo', '555'));
    expect((await built.dialogue.peek({ channel: 'console', userId: 'b1' }))?.mode).toBe('waiting');
    await built.service.staffHandler(staff(thread, '/ambl'));
    expect(await posted(thread)).toContain(t('staff.line.unknown_command', { name: 'ambl' }));
    expect(users.to('b1')).toEqual([]);
    expect((await built.service.stats()).stored.ignored_non_staff).toBe(2);
  });

  it('takes over from a colleague and tells everyone; pulls a closed conversation back', async () => {
    setup({ STAFF_USER_IDS: ['900', '901'] });
    await built.service.start();
    await say('b2', 'minta petugas');
    const thread = await topicOf();
    await built.service.staffHandler(staff(thread, '/ambil'));
    await built.service.staffHandler({ ...staff(thread, '/take'), fromUserId: '901', fromName: 'Budi' });
    expect(await posted(thread)).toContain(t('staff.line.taken_over', { name: 'Budi', previous: 'Rina' }));
    expect(users.to('b2').filter((x) => x === t('handover.taken'))).toHaveLength(1);

    await built.service.staffHandler(staff(thread, '/tutup'));
    await built.service.flush(5000);
    expect(api.topics.get(thread)?.closed).toBe(true);
    await built.service.staffHandler(staff(thread, 'masih di sana?'));
    expect(await posted(thread)).toContain(t('staff.line.with_bot'));
    expect(users.to('b2')).not.toContain(t('handover.from_staff', { text: 'masih di sana?' }));

    await built.service.staffHandler(staff(thread, '/ambil'));
    await built.service.flush(5000);
    expect(api.topics.get(thread)?.closed).toBe(false);
    expect((await built.dialogue.peek({ channel: 'console', userId: 'b2' }))?.mode).toBe('human');
    expect((await posted(thread)).some((l) => l.includes(t('staff.card.reopened')))).toBe(true);
  });

  it('counts one-tap ratings without personal data', async () => {
    setup();
    const rate = built.service.actions.recordHandoverRating;
    const ctx = { channel: 'console' as const, userId: 'r1', lang: 'id' as const, slots: {}, now: Date.now() };
    const message = { channel: 'console' as const, userId: 'r1', messageId: 'x', receivedAt: 0 };
    expect(await rate?.({ ...ctx, message, params: { rating: 'good' } })).toEqual({ outcome: 'good' });
    expect(await rate?.({ ...ctx, message, params: { rating: '' } })).toEqual({ outcome: 'skipped' });
    expect((await built.service.stats()).stored).toMatchObject({ rating_good: 1 });
  });

  it('changes a complaint status through the case store, anywhere in the group', async () => {
    setup();
    await built.service.start();
    await built.service.staffHandler(staff(undefined, '/status ADU-7K3Q9X2M selesai'));
    await built.service.staffHandler(staff(undefined, '/status ADU-00000000 closed'));
    await built.service.staffHandler(staff(undefined, '/status ADU-7K3Q9X2M'));
    expect(statusCalls.slice(-2)).toEqual([
      { ticket: 'ADU-7K3Q9X2M', status: 'resolved', by: 'telegram:900' },
      { ticket: 'ADU-00000000', status: 'closed', by: 'telegram:900' },
    ]);
    // Lines for the General topic are batched like any other.
    const general = (await posted(0)).join('\n').split('\n');
    expect(general[0]).toContain('ADU-7K3Q9X2M');
    expect(general[1]).toBe(t('staff.line.status_missing', { ticket: 'ADU-00000000' }));
    expect(general[2]).toBe(t('staff.line.status_usage'));
  });

  it('puts an urgent complaint case into the topic of the conversation that filed it', async () => {
    setup({}, { caseGraceMs: 300 });
    await built.service.start();
    const conv = { channel: 'console' as const, userId: 'b4' };
    await built.dialogue.update(conv, (s) => ({ ...s, slots: { result: { ticket: 'ADU-7K3Q9X2M', urgent: true } } }));
    await built.service.ports.handover(
      { type: 'handover', reason: 'urgent_complaint', urgent: true, emergency: false, country: 'TW' },
      conv,
      (await built.dialogue.peek(conv)) as NonNullable<Awaited<ReturnType<typeof built.dialogue.peek>>>,
    );
    await built.service.notifier.notifyNewCase({
      id: 'cmp-1',
      ticket: 'ADU-7K3Q9X2M',
      category: 'violence',
      country: 'TW',
      urgent: true,
      reporter: 'self',
      channel: 'console',
      language: 'id',
      attachments: 0,
      createdAt: new Date().toISOString(),
    });
    const thread = await topicOf();
    expect(api.topics.get(thread)?.name).toContain('· TW ·');
    const lines = await posted(thread);
    expect(api.topics.size).toBe(1);
    expect(lines[0]).toContain('Tiket pengaduan: ADU-7K3Q9X2M');
    expect(lines.some((l) => l.includes('Pengaduan baru ADU-7K3Q9X2M'))).toBe(true);
  });
});
