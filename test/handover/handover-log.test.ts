import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import { createHandoverLog, type HandoverEvent } from '../../src/handover/handover-log.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { type Built, build, recordingSender } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
afterEach(async () => {
  await cleanPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('handover log', () => {
  it('returns the events of a time range, oldest first, and erases one pseudonym', async () => {
    const log = createHandoverLog({ redis, prefix, retentionDays: 365 });
    const t0 = Date.UTC(2026, 10, 30, 3);
    await log.record({ kind: 'opened', at: t0, urgent: true, reason: 'emergency', outOfHours: false });
    await log.record({
      kind: 'taken',
      at: t0 + 600_000,
      since: t0,
      urgent: true,
      overdue: false,
      pseudonym: 'PMI-AAA',
    });
    await log.record({
      kind: 'overdue',
      at: t0 - 86_400_000,
      since: t0 - 90_000_000,
      urgent: false,
      pseudonym: 'PMI-BBB',
    });
    // An unreadable entry (another version, a hand edit) is skipped, not fatal.
    await redis.xadd(`${prefix}:handover:events`, '*', 'e', '{"kind":"nonsense"}');
    const day = await log.range(t0 - 3_600_000, t0 + 3_600_000);
    expect(day.map((e) => e.kind)).toEqual(['opened', 'taken']);
    expect((await log.range(0, Date.now())).map((e) => e.kind)).toEqual(['overdue', 'opened', 'taken']);
    expect(await log.erase('PMI-AAA')).toBe(1);
    expect((await log.range(0, Date.now())).map((e) => e.kind)).toEqual(['overdue', 'opened']);
    await expect(log.record({ kind: 'taken' } as unknown as HandoverEvent)).rejects.toThrow();
  });

  it('records when a handover opened, went overdue and was taken, with the wait from the opening', async () => {
    let clock = Date.UTC(2026, 10, 30, 10 - 7, 0); // Monday 10:00 in Jakarta
    const log = createHandoverLog({ redis, prefix, retentionDays: 365 });
    const events: HandoverEvent[] = [];
    const api = createFakeStaffApi();
    const built: Built = build({
      redis,
      prefix,
      senders: new Map([['console', recordingSender('console')]]),
      staffApi: api,
      config: { HOTLINE_HOURS: '08:00-20:00', HANDOVER_SLA_MINUTES: 15 },
      now: () => clock,
      onEvent: async (e) => {
        events.push(e);
        await log.record(e);
      },
    });
    try {
      await built.handler.handle({
        channel: 'console',
        userId: 'w1',
        messageId: 'm1',
        text: 'minta petugas',
        receivedAt: clock,
      });
      await built.service.start();
      await built.service.flush(5000);
      const thread = [...api.topics.keys()][0] as number;
      clock += 16 * 60_000;
      await built.service.sweep();
      const snapshot = await built.service.snapshot();
      expect(snapshot.withStaff).toBe(0);
      expect(snapshot.waiting).toEqual([
        expect.objectContaining({
          channel: 'console',
          urgent: false,
          overdueAt: clock,
          pseudonym: expect.stringMatching(/^PMI-/),
        }),
      ]);
      clock += 4 * 60_000;
      const take: StaffUpdate = {
        chatId: '-1001234567890',
        threadId: thread,
        fromUserId: '900',
        fromName: 'Rina',
        messageId: 1,
        text: '/ambil',
        receivedAt: clock,
      };
      await built.service.staffHandler(take);
      expect(events.map((e) => e.kind)).toEqual(['opened', 'overdue', 'taken']);
      const taken = events[2] as Extract<HandoverEvent, { kind: 'taken' }>;
      expect(taken).toMatchObject({ overdue: true, urgent: false, pseudonym: snapshot.waiting[0]?.pseudonym });
      expect(taken.at - taken.since).toBe(20 * 60_000);
      expect(await built.service.snapshot()).toEqual({ waiting: [], withStaff: 1 });
      expect(await log.range(0, Date.now() + 86_400_000 * 400)).toHaveLength(3);
    } finally {
      await built.service.stop();
    }
  });
});
