/**
 * `npm run bench:report [-- --cases 20000 --events 20000 --days 30]`
 *
 * Seeds N stored cases (with status histories) and handover events over a range of days
 * under a private Redis prefix, then times what supervisors and the daily job run: collecting
 * the figures (SCAN of every case, the handover log), drawing the HTML report and drawing the
 * digest's PNG; prints milliseconds and the process's peak memory. Cleans up after itself.
 * Targets: a month of 20,000 cases collected in under 10 s, the digest drawn in under 2 s.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { changeStatus, createCase } from '../src/complaints/case-records.js';
import { newComplaintId, newTicket } from '../src/complaints/complaint-ids.js';
import { complaintKeys } from '../src/complaints/complaint-keys.js';
import { COMPLAINT_CATEGORIES, type ComplaintJob } from '../src/complaints/complaint-schema.js';
import { parseConfig } from '../src/config.js';
import { createHandoverLog } from '../src/handover/handover-log.js';
import { createTranslator, loadLocales } from '../src/i18n/create-translator.js';
import { closeRedis, createRedis } from '../src/redis.js';
import { collectReport } from '../src/report/collect-report.js';
import { buildDigest } from '../src/report/digest.js';
import { renderReportHtml } from '../src/report/render-html.js';
import { dayRange, shiftDay } from '../src/zoned-time.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    events: { type: 'string', default: '20000' },
    days: { type: 'string', default: '30' },
  },
});
const CASES = Number(values.cases);
const EVENTS = Number(values.events);
const DAYS = Number(values.days);
const config = parseConfig(process.env);
const redis = createRedis(config.redisUrl);
const prefix = `bench-report-${randomUUID().slice(0, 8)}`;
const timeZone = 'Asia/Jakarta';
const to = '2026-11-29';
const from = shiftDay(to, -(DAYS - 1));
const { startMs, endMs } = dayRange(from, to, timeZone);
const at = (i: number, n: number) => startMs + Math.floor(((endMs - startMs) * i) / n);
const COUNTRIES = ['TW', 'HK', 'MY', 'SA', 'SG', 'KR', 'JP'];
const STATUSES = ['received', 'in_review', 'referred', 'resolved', 'closed'] as const;

let peakRss = 0;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  process.stdout.write(`${label.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms\n`);
  return result;
}

async function seed(): Promise<void> {
  const keys = complaintKeys(prefix);
  const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
  const batch: Promise<unknown>[] = [];
  for (let i = 0; i < CASES; i++) {
    const createdAt = new Date(at(i, CASES)).toISOString();
    const complaint: ComplaintJob = {
      id: newComplaintId(),
      ticket: newTicket(),
      createdAt,
      channel: i % 3 ? 'telegram' : 'whatsapp',
      language: 'id',
      reporter: 'self',
      category: COMPLAINT_CATEGORIES[i % COMPLAINT_CATEGORIES.length] as ComplaintJob['category'],
      country: COUNTRIES[i % COUNTRIES.length] as string,
      description: 'Gaji saya belum dibayar tiga bulan dan paspor ditahan majikan.',
      attachments: [],
      contact: { method: 'this_chat' },
      consent: true,
      urgent: i % 40 === 0,
    };
    const status = STATUSES[i % STATUSES.length] as (typeof STATUSES)[number];
    batch.push(
      createCase(redis, keys, complaint, createdAt).then(() =>
        status === 'received'
          ? undefined
          : changeStatus(redis, keys, complaint.id, { status, at: new Date(at(i, CASES) + 3_600_000).toISOString() }),
      ),
    );
    if (batch.length >= 500) await Promise.all(batch.splice(0));
  }
  for (let i = 0; i < EVENTS; i += 3) {
    const since = at(i, EVENTS);
    const urgent = i % 30 === 0;
    const wait = (i * 7919) % 14_400_000;
    const pseudonym = `PMI-${String(i).padStart(6, '0')}`;
    batch.push(log.record({ kind: 'opened', at: since, urgent, reason: 'handover_request', outOfHours: false }));
    if (wait > 900_000) {
      batch.push(log.record({ kind: 'overdue', at: since + 900_000, since, urgent, pseudonym, ticket: newTicket() }));
    }
    batch.push(log.record({ kind: 'taken', at: since + wait, since, urgent, overdue: wait > 900_000, pseudonym }));
    if (batch.length >= 500) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

async function cleanup(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

try {
  process.stdout.write(`cases ${CASES}, handover events ${EVENTS}, days ${DAYS} (${from} .. ${to})\n`);
  await timed('seed', seed);
  const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
  const translator = createTranslator(loadLocales('locales'));
  const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
  const rssBefore = process.memoryUsage().rss;
  const data = await timed('collect (cases + handover log)', () =>
    collectReport({ redis, prefix, log }, { from, to, timeZone }),
  );
  const html = await timed('HTML report (3 charts)', () => renderReportHtml(data, { lang: 'id', t, slaMinutes: 15 }));
  const digest = await timed('digest (3 charts, PNG)', () => buildDigest(data, { lang: 'id', t, days: DAYS }));
  process.stdout.write(
    `figures: ${data.cases.total} cases, ${data.handovers.taken} taken, ${data.overdue.length} overdue; ` +
      `HTML ${(html.length / 1024).toFixed(0)} KiB, PNG ${(digest.png.length / 1024).toFixed(0)} KiB\n`,
  );
  process.stdout.write(
    `memory: rss ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
  );
} finally {
  clearInterval(sample);
  await cleanup();
  await closeRedis(redis);
}
