import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandoverLog } from '../../src/handover/handover-log.js';
import { collectReport, summarizeHandovers } from '../../src/report/collect-report.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { jkt, seedWeek, WEEK } from './seed-week.js';

const redis = testRedis();
const prefix = testPrefix();
beforeAll(async () => {
  await seedWeek(redis, prefix);
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('collectReport', () => {
  it('counts the cases of the range by Jakarta day, by category and status, country and day', async () => {
    const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
    const data = await collectReport({ redis, prefix, log }, WEEK);
    expect(data.cases.total).toBe(8);
    expect(data.cases.urgent).toBe(2);
    expect(data.cases.byStatus).toEqual({ received: 3, in_review: 2, referred: 1, resolved: 1, closed: 1 });
    expect(data.cases.byCategory[0]).toEqual({
      category: 'unpaid_wages',
      total: 4,
      byStatus: { received: 2, in_review: 1, referred: 0, resolved: 1, closed: 0 },
    });
    expect(data.cases.byCountry.slice(0, 3)).toEqual([
      { country: 'HK', n: 2 },
      { country: 'MY', n: 2 },
      { country: 'TW', n: 2 },
    ]);
    expect(data.cases.byDay.map((d) => [d.day, d.n, d.urgent])).toEqual([
      ['2026-11-23', 2, 0],
      ['2026-11-24', 1, 0],
      ['2026-11-25', 2, 1],
      ['2026-11-26', 0, 0],
      ['2026-11-27', 1, 1],
      ['2026-11-28', 1, 0],
      ['2026-11-29', 1, 0],
    ]);
  });

  it('measures waits for staff and lists what went past the time limit, still-waiting first', async () => {
    const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
    const data = await collectReport({ redis, prefix, log }, WEEK);
    expect(data.handovers).toMatchObject({ opened: 4, openedUrgent: 2, taken: 3, takenLate: 1, takeMedianMinutes: 12 });
    expect(data.handovers.takeBuckets).toEqual([
      { id: 'm5', urgent: 1, other: 0 },
      { id: 'm15', urgent: 0, other: 1 },
      { id: 'm60', urgent: 0, other: 0 },
      { id: 'h4', urgent: 0, other: 1 },
      { id: 'more', urgent: 0, other: 0 },
    ]);
    expect(data.overdue).toEqual([
      { pseudonym: 'PMI-WAIT44', urgent: true, since: jkt(28, 19) },
      { pseudonym: 'PMI-LATE33', urgent: false, since: jkt(26, 13), takenAt: jkt(26, 14, 35), ticket: 'ADU-7K3Q9X2M' },
    ]);
  });

  it('adds conversations waiting past the limit right now (the digest), once', async () => {
    const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
    const data = await collectReport(
      {
        redis,
        prefix,
        log,
        snapshot: async () => ({
          withStaff: 1,
          waiting: [
            {
              pseudonym: 'PMI-WAIT44',
              channel: 'telegram',
              since: jkt(28, 19),
              urgent: true,
              overdueAt: jkt(28, 19, 15),
            },
            {
              pseudonym: 'PMI-OLD777',
              channel: 'whatsapp',
              since: jkt(20, 8),
              urgent: false,
              overdueAt: jkt(20, 8, 15),
              ticket: 'ADU-AAAAAAAA',
            },
            { pseudonym: 'PMI-NEW888', channel: 'telegram', since: Date.now(), urgent: false },
          ],
        }),
      },
      WEEK,
    );
    expect(data.waitingNow).toBe(3);
    expect(data.overdue.map((o) => o.pseudonym)).toEqual(['PMI-WAIT44', 'PMI-OLD777', 'PMI-LATE33']);
  });

  it('has no wait figures without a take', () => {
    expect(summarizeHandovers([]).handovers).toMatchObject({ taken: 0, takeMedianMinutes: null, takeP90Minutes: null });
  });
});
