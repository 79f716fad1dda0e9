import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase } from '../../src/complaints/case-records.js';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { newComplaintId, newTicket } from '../../src/complaints/complaint-ids.js';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import { createComplaintWorker } from '../../src/complaints/complaint-worker.js';
import { createLogger } from '../../src/logger.js';
import { createRetentionJob, RETENTION_QUEUE } from '../../src/privacy/retention-job.js';
import { ERASED_TEXT } from '../../src/privacy/strip-case.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `${prefix}:bull`;
const logger = createLogger({ level: 'silent', format: 'json' });
const spoolDir = mkdtempSync(join(tmpdir(), 'retention-test-'));
const keys = complaintKeys(prefix);
const DAY = 86_400_000;

const complaint = (description: string): ComplaintJob => ({
  id: newComplaintId(),
  ticket: newTicket(),
  createdAt: new Date().toISOString(),
  channel: 'whatsapp',
  language: 'id',
  reporter: 'family',
  category: 'violence',
  country: 'MY',
  description,
  employerName: 'Encik Rahman',
  attachments: [],
  contact: { method: 'other_number', value: '+60123456789' },
  consent: true,
  urgent: true,
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const intake = createComplaintIntake({
  connection: REDIS_URL,
  queuePrefix,
  redisPrefix: prefix,
  spoolDir,
  logger,
  replayEveryMs: 0,
});
const complaintsQueue = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });
const retentionQueue = new Queue(RETENTION_QUEUE, { connection: { url: REDIS_URL }, prefix: queuePrefix });
const closedCase = complaint('Saya dipukul majikan, nomor saya 0812 1111 2222');
const openCase = complaint('Kasus yang masih dibuka, cerita panjang');

beforeAll(async () => {
  await redis.ping();
  for (const c of [closedCase, openCase]) await intake.submit({ complaint: c, userId: '60111222333@c.us' });
  // A job whose id differs from its complaint id fails for good in the worker: a failed job with data.
  await complaintsQueue.add('complaint', complaint('Data di job yang gagal'), { jobId: 'broken-1', attempts: 1 });
  const worker = createComplaintWorker({ connection: REDIS_URL, queuePrefix, redisPrefix: prefix, logger });
  await waitFor(async () => (await redis.exists(keys.case(closedCase.id), keys.case(openCase.id))) === 2);
  await waitFor(async () => (await complaintsQueue.getJobCounts('failed')).failed === 1);
  await worker.close();
  const cases = createCaseStore({ redis, prefix });
  await cases.setStatus(closedCase.ticket, 'closed', { by: 'staff', note: 'dihubungi di 0812 1111 2222' });
});

afterAll(async () => {
  await intake.close();
  for (const q of [complaintsQueue, retentionQueue]) {
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(spoolDir, { recursive: true, force: true });
});

describe('retention job', () => {
  it('keeps cases closed less than RETENTION_DAYS ago', async () => {
    const job = createRetentionJob({
      connection: REDIS_URL,
      queuePrefix,
      redisPrefix: prefix,
      retentionDays: 30,
      logger,
    });
    const report = await job.runOnce();
    await job.close();
    expect(report).toMatchObject({ stripped: 0, failedJobsScrubbed: 0 });
    expect(report.scanned).toBeGreaterThanOrEqual(2);
    expect((await readCase(redis, keys, closedCase.id))?.complaint.description).toBe(closedCase.description);
  });

  it('strips closed cases and old failed jobs after RETENTION_DAYS, keeping statistics and open cases', async () => {
    const job = createRetentionJob({
      connection: REDIS_URL,
      queuePrefix,
      redisPrefix: prefix,
      retentionDays: 30,
      logger,
      now: () => Date.now() + 31 * DAY,
    });
    const report = await job.runOnce();
    await job.close();
    expect(report).toMatchObject({ stripped: 1, failedJobsScrubbed: 1 });
    const stripped = await readCase(redis, keys, closedCase.id);
    expect(stripped).toMatchObject({ status: 'closed', reporter: null });
    expect(stripped?.complaint).toMatchObject({
      category: 'violence',
      country: 'MY',
      reporter: 'family',
      description: ERASED_TEXT,
    });
    expect(stripped?.complaint.employerName).toBeUndefined();
    expect(stripped?.complaint.contact).toEqual({ method: 'this_chat' });
    expect(stripped?.history.map((h) => h.note)).toEqual([undefined, undefined]);
    expect(await redis.hget(keys.case(closedCase.id), 'erasedBy')).toBe('retention');
    expect((await readCase(redis, keys, openCase.id))?.complaint.description).toBe(openCase.description);
    const failed = await complaintsQueue.getFailed();
    expect(JSON.stringify(failed.map((j) => j.data))).not.toContain('Data di job yang gagal');
    expect(await redis.hget(keys.stats(closedCase.createdAt.slice(0, 10)), 'violence|MY')).toBe('2');
  });

  it('schedules one daily run however many processes start it, and the worker runs it', async () => {
    const later = () => Date.now() + 400 * DAY;
    const a = createRetentionJob({
      connection: REDIS_URL,
      queuePrefix,
      redisPrefix: prefix,
      retentionDays: 1,
      logger,
      now: later,
    });
    const b = createRetentionJob({
      connection: REDIS_URL,
      queuePrefix,
      redisPrefix: prefix,
      retentionDays: 1,
      logger,
      now: later,
    });
    await a.start();
    await b.start();
    const schedulers = await retentionQueue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ pattern: '0 3 * * *', tz: 'Asia/Jakarta' });
    // Close the open case and run the job through the queue, as the scheduler would.
    await createCaseStore({ redis, prefix }).setStatus(openCase.ticket, 'resolved');
    await retentionQueue.add('retention', {});
    await waitFor(async () => (await redis.hget(keys.case(openCase.id), 'erasedBy')) === 'retention');
    await a.close();
    await b.close();
  });
});
