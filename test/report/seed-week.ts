/**
 * A seeded week for the report and digest tests: cases stored by the real case records (with
 * status changes) and handover events in the real log, 23-29 November 2026 in Jakarta, plus
 * one case on each side of the range (by Jakarta day, not UTC day).
 */
import { changeStatus, createCase } from '../../src/complaints/case-records.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { CaseStatus, ComplaintCategory } from '../../src/complaints/complaint-schema.js';
import { createHandoverLog } from '../../src/handover/handover-log.js';
import type { RedisClient } from '../../src/redis.js';
import { sampleComplaint } from '../complaints/complaint-test-kit.js';

export const WEEK = { from: '2026-11-23', to: '2026-11-29', timeZone: 'Asia/Jakarta' };

/** A moment in Jakarta (UTC+7). */
export const jkt = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour - 7, minute);

const CASES: {
  day: number;
  hour: number;
  category: ComplaintCategory;
  country: string;
  status: CaseStatus;
  urgent?: boolean;
}[] = [
  // 23 Nov 01:00 in Jakarta is still 22 Nov in UTC: inside the range.
  { day: 23, hour: 1, category: 'unpaid_wages', country: 'TW', status: 'received' },
  { day: 23, hour: 10, category: 'unpaid_wages', country: 'HK', status: 'received' },
  { day: 24, hour: 9, category: 'unpaid_wages', country: 'TW', status: 'in_review' },
  { day: 25, hour: 14, category: 'unpaid_wages', country: 'MY', status: 'resolved' },
  { day: 25, hour: 15, category: 'violence', country: 'MY', status: 'referred', urgent: true },
  { day: 27, hour: 20, category: 'violence', country: 'SA', status: 'closed', urgent: true },
  { day: 28, hour: 11, category: 'document_withheld', country: 'HK', status: 'received' },
  { day: 29, hour: 23, category: 'recruitment_fraud', country: 'KH', status: 'in_review' },
  // Outside: 22 Nov in Jakarta, and 30 Nov 00:30 in Jakarta (still 29 Nov in UTC).
  { day: 22, hour: 12, category: 'death', country: 'TW', status: 'received' },
  { day: 30, hour: 0.5, category: 'death', country: 'TW', status: 'received' },
];

/** (category, status) pairs with cases in the range: one bar each in the report's first chart. */
export const EXPECTED_CASE_BARS = {
  'Gaji tidak dibayar, diterima': 2,
  'Gaji tidak dibayar, sedang ditinjau': 1,
  'Gaji tidak dibayar, selesai': 1,
  'Kekerasan, diteruskan': 1,
  'Kekerasan, ditutup': 1,
  'Paspor/dokumen ditahan, diterima': 1,
  'Penipuan lowongan kerja, sedang ditinjau': 1,
};

export async function seedWeek(redis: RedisClient, prefix: string): Promise<void> {
  const keys = complaintKeys(prefix);
  for (const c of CASES) {
    const created = Date.UTC(2026, 10, c.day, Math.floor(c.hour) - 7, Math.round((c.hour % 1) * 60));
    const complaint = sampleComplaint({
      createdAt: new Date(created).toISOString(),
      category: c.category,
      country: c.country,
      urgent: c.urgent ?? false,
    });
    await createCase(redis, keys, complaint, complaint.createdAt);
    if (c.status === 'closed' || c.status === 'resolved') {
      await changeStatus(redis, keys, complaint.id, {
        status: 'in_review',
        at: new Date(created + 3_600_000).toISOString(),
      });
    }
    if (c.status !== 'received') {
      await changeStatus(redis, keys, complaint.id, {
        status: c.status,
        at: new Date(created + 7_200_000).toISOString(),
      });
    }
  }
  const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
  const opened = (at: number, urgent: boolean) =>
    log.record({ kind: 'opened', at, urgent, reason: 'emergency', outOfHours: false });
  await opened(jkt(24, 10), true);
  await log.record({
    kind: 'taken',
    at: jkt(24, 10, 3),
    since: jkt(24, 10),
    urgent: true,
    overdue: false,
    pseudonym: 'PMI-URG111',
  });
  await opened(jkt(25, 9), false);
  await log.record({
    kind: 'taken',
    at: jkt(25, 9, 12),
    since: jkt(25, 9),
    urgent: false,
    overdue: false,
    pseudonym: 'PMI-ORD222',
  });
  await opened(jkt(26, 13), false);
  await log.record({
    kind: 'overdue',
    at: jkt(26, 13, 15),
    since: jkt(26, 13),
    urgent: false,
    pseudonym: 'PMI-LATE33',
    ticket: 'ADU-7K3Q9X2M',
  });
  await log.record({
    kind: 'taken',
    at: jkt(26, 14, 35),
    since: jkt(26, 13),
    urgent: false,
    overdue: true,
    pseudonym: 'PMI-LATE33',
    ticket: 'ADU-7K3Q9X2M',
  });
  await opened(jkt(28, 19), true);
  await log.record({ kind: 'overdue', at: jkt(28, 19, 15), since: jkt(28, 19), urgent: true, pseudonym: 'PMI-WAIT44' });
  // Outside the range.
  await log.record({
    kind: 'taken',
    at: jkt(30, 9, 1),
    since: jkt(30, 9),
    urgent: false,
    overdue: false,
    pseudonym: 'PMI-OUT555',
  });
}
