import { Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import { createHandoverScheduler, HANDOVER_QUEUE } from '../../src/handover/handover-sweep.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi, type FakeStaffApi } from './fake-staff-api.js';
import { type Built, build, logger, recordingSender } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
// Monday 2026-11-30 in Jakarta (UTC+7).
const jkt = (day: number, h: number, m = 0) => Date.UTC(2026, 10, 30 + day, h - 7, m);

let clock = 0;
let api: FakeStaffApi;
let built: Built;
const users = recordingSender('console');

function setup(): void {
  api = createFakeStaffApi();
  built = build({
    redis,
    prefix,
    senders: new Map([['console', users]]),
    staffApi: api,
    config: { HOTLINE_HOURS: '08:00-20:00', HANDOVER_SLA_MINUTES: 15 },
    now: () => clock,
  });
}

async function say(userId: string, text: string) {
  return built.handler.handle({
    channel: 'console',
    userId,
    messageId: `${userId}-${clock}-${text}`,
    text,
    receivedAt: clock,
  });
}
const staff = (threadId: number, text: string): StaffUpdate => ({
  chatId: '-1001234567890',
  threadId,
  fromUserId: '900',
  fromName: 'Rina',
  messageId: 1,
  text,
  receivedAt: clock,
});
/** Each test has its own fake group, so the conversation's topic is the only one. */
async function onlyTopic(): Promise<number> {
  await built.service.start();
  await built.service.flush(5000);
  const ids = [...api.topics.keys()];
  expect(ids).toHaveLength(1);
  return ids[0] as number;
}

afterEach(async () => {
  await built?.service.stop();
  await cleanPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('handover timers', () => {
  it('tells a waiting user honestly when nobody took the conversation in time, and marks the topic', async () => {
    setup();
    clock = jkt(0, 10);
    const r = await say('w1', 'minta petugas');
    expect(r.replies.map((m) => m.text)).toContain(t('handover.queued', { minutes: 15 }));
    const thread = await onlyTopic();
    clock = jkt(0, 10, 14);
    expect((await built.service.sweep()).overdue).toBe(0);
    clock = jkt(0, 10, 16);
    expect((await built.service.sweep()).overdue).toBe(1);
    const notice = users.to('w1').at(-1) ?? '';
    expect(notice).toContain(t('handover.overdue_open', { until: '20:00' }));
    expect(notice).toContain(t('contacts.kp2mi_callcenter'));
    await built.service.flush(5000);
    expect(api.topics.get(thread)?.name.startsWith('⏰')).toBe(true);
    // Told once only.
    clock = jkt(0, 11);
    expect((await built.service.sweep()).overdue).toBe(0);
  });

  it('outside hours says when staff will read it, with the emergency numbers, and counts the SLA from the opening', async () => {
    setup();
    clock = jkt(0, 21);
    const r = await say('w2', 'minta petugas');
    const opening = t('handover.out_of_hours', { hours: '08:00-20:00', when: '@' }).split('@')[0] as string;
    const notice = r.replies.map((m) => m.text).find((x) => x.startsWith(opening));
    expect(notice).toContain('Selasa');
    expect(notice).toContain('08.00');
    expect(notice).toContain(t('contacts.kp2mi_callcenter'));
    clock = jkt(1, 8, 10);
    expect((await built.service.sweep()).overdue).toBe(0);
    clock = jkt(1, 8, 16);
    expect((await built.service.sweep()).overdue).toBe(1);
  });

  it('gives a silent conversation with staff back to the bot after 24 hours, telling both sides', async () => {
    setup();
    clock = jkt(0, 9);
    await say('w3', 'minta petugas');
    const thread = await onlyTopic();
    await built.service.staffHandler(staff(thread, '/ambil'));
    expect((await built.dialogue.peek({ channel: 'console', userId: 'w3' }))?.mode).toBe('human');
    clock = jkt(0, 9) + 23 * 3600_000;
    expect((await built.service.sweep()).returned).toBe(0);
    clock = jkt(0, 9) + 24 * 3600_000 + 60_000;
    expect((await built.service.sweep()).returned).toBe(1);
    expect((await built.dialogue.peek({ channel: 'console', userId: 'w3' }))?.mode).toBe('bot');
    expect(users.to('w3').slice(-2)).toEqual([t('handover.idle_return', { hours: 24 }), t('handover.closed_user')]);
    await built.service.flush(5000);
    expect(api.posted.get(thread)?.at(-1)).toBe(t('staff.line.closed_idle', { hours: 24 }));
    expect(api.topics.get(thread)?.closed).toBe(true);
    expect((await built.service.stats()).active).toBe(0);
  });

  it('closes the record and the topic when the user cancelled', async () => {
    setup();
    clock = jkt(0, 9);
    await say('w4', 'minta petugas');
    const thread = await onlyTopic();
    const r = await say('w4', 'batal');
    expect(r.replies.map((m) => m.text)).toEqual([t('handover.cancelled_by_user')]);
    await built.service.flush(5000);
    expect(api.topics.get(thread)?.closed).toBe(true);
    expect(api.posted.get(thread)?.at(-1)).toBe(t('staff.line.cancelled'));
  });
});

describe('handover scheduler', () => {
  it('runs the sweep from a BullMQ job scheduler', async () => {
    let runs = 0;
    const queuePrefix = `${prefix}-bull`;
    const scheduler = createHandoverScheduler({
      connection: REDIS_URL,
      prefix: queuePrefix,
      everyMs: 300,
      sweep: async () => {
        runs++;
      },
      logger,
    });
    await scheduler.start();
    const deadline = Date.now() + 8000;
    while (runs < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    const queue = new Queue(HANDOVER_QUEUE, { connection: { url: REDIS_URL }, prefix: queuePrefix });
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain('handover-sweep');
    await queue.obliterate({ force: true });
    await queue.close();
  }, 15_000);
});
