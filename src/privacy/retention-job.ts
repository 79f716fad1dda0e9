/**
 * Retention: once a day (a BullMQ job scheduler, so with several processes the run happens
 * once), complaint cases closed more than RETENTION_DAYS ago lose their personal fields
 * (strip-case.ts); the anonymous statistics stay. The same run
 * - re-strips cases erased at a user's request (`privacy:erased`), which covers a worker that
 *   stored a case while the erasure ran;
 * - anonymises failed complaint jobs older than the retention period (BullMQ keeps failed
 *   jobs, with their data, until an operator clears them).
 * Cases are found with SCAN: fine for a hotline's thousands of cases, and it needs no index
 * kept in step with the complaint code.
 */
import { Queue, Worker } from 'bullmq';
import { complaintKeys } from '../complaints/complaint-keys.js';
import { connect, QUEUE_NAME } from '../complaints/complaint-queue.js';
import { type CaseStatus, complaintJobSchema } from '../complaints/complaint-schema.js';
import type { Logger } from '../logger.js';
import { closeRedis, type RedisClient } from '../redis.js';
import { erasedSetKey } from './complaint-eraser.js';
import { scanKeys } from './scan-keys.js';
import { anonymiseComplaint, isAnonymised, stripCase } from './strip-case.js';

export const RETENTION_QUEUE = 'privacy-retention';
const SCHEDULER_ID = 'retention-daily';

export interface RetentionJobOptions {
  /** A Redis URL (preferred), or a client built with `maxRetriesPerRequest: null` (BullMQ workers need it). */
  connection: string | RedisClient;
  /** QUEUE_PREFIX (`{bull}` on a Redis Cluster). */
  queuePrefix: string;
  /** REDIS_PREFIX. */
  redisPrefix: string;
  retentionDays: number;
  logger: Logger;
  now?: () => number;
  /** Statuses that count as closed; default `resolved` and `closed`. */
  closedStatuses?: CaseStatus[];
  /** Cron pattern of the daily run; default 03:00. */
  pattern?: string;
  /** Time zone of the pattern; default Asia/Jakarta. */
  timezone?: string;
}

export interface RetentionReport {
  scanned: number;
  stripped: number;
  /** Cases erased at a user's request found with personal data again, and stripped. */
  restripped: number;
  failedJobsScrubbed: number;
}

export interface RetentionJob {
  /** Registers the daily scheduler and starts a worker for it. */
  start(): Promise<void>;
  /** One run now (tests, `npm run cases`); what the scheduled job does. */
  runOnce(): Promise<RetentionReport>;
  close(): Promise<void>;
}

export function createRetentionJob(opts: RetentionJobOptions): RetentionJob {
  const { logger } = opts;
  const now = opts.now ?? Date.now;
  const keys = complaintKeys(opts.redisPrefix);
  const closed = new Set<string>(opts.closedStatuses ?? ['resolved', 'closed']);
  const store = connect(opts.connection, { maxRetriesPerRequest: 3 });
  const redis = store.client;
  if (store.owned) redis.on('error', () => undefined);
  const queue = new Queue(RETENTION_QUEUE, { connection: redis, prefix: opts.queuePrefix });
  const complaints = new Queue(QUEUE_NAME, { connection: redis, prefix: opts.queuePrefix });
  for (const q of [queue, complaints]) q.on('error', () => undefined);
  let worker: Worker | undefined;
  let blocking: ReturnType<typeof connect> | undefined;

  async function stripOld(cutoff: number, iso: string, report: RetentionReport): Promise<void> {
    const caseKey = keys.case('');
    for await (const batch of scanKeys(redis, `${caseKey}*`)) {
      for (const key of batch) {
        // history keys never match case:*; the id is what follows the case prefix.
        const id = key.slice(caseKey.length);
        const [status, updatedAt, storedAt, erasedAt] = await redis.hmget(
          key,
          'status',
          'updatedAt',
          'storedAt',
          'erasedAt',
        );
        report.scanned += 1;
        if (!status || !closed.has(status) || erasedAt) continue;
        const closedAt = Date.parse(updatedAt || storedAt || '');
        if (!Number.isFinite(closedAt) || closedAt > cutoff) continue;
        if ((await stripCase(redis, keys, id, 'retention', iso)).result === 'stripped') report.stripped += 1;
      }
    }
  }

  async function restripErased(iso: string, report: RetentionReport): Promise<void> {
    const setKey = erasedSetKey(opts.redisPrefix);
    for (const id of await redis.smembers(setKey)) {
      const outcome = await stripCase(redis, keys, id, 'user', iso);
      if (outcome.result === 'stripped') report.restripped += 1;
      // A case not stored yet (its job still queued) is checked again tomorrow.
      if (outcome.result !== 'missing') await redis.srem(setKey, id);
    }
  }

  async function scrubFailedJobs(cutoff: number, report: RetentionReport): Promise<void> {
    const page = 200;
    for (let start = 0; ; start += page) {
      const jobs = await complaints.getFailed(start, start + page - 1);
      for (const job of jobs) {
        if (!job || (job.finishedOn ?? job.timestamp) > cutoff) continue;
        if ((job.data as { erased?: unknown } | null)?.erased === true) continue;
        const parsed = complaintJobSchema.safeParse(job.data);
        if (parsed.success && isAnonymised(parsed.data)) continue;
        // Data that no longer parses may still hold personal text: it goes entirely.
        await job.updateData(parsed.success ? anonymiseComplaint(parsed.data) : { erased: true });
        report.failedJobsScrubbed += 1;
      }
      if (jobs.length < page) return;
    }
  }

  async function runOnce(): Promise<RetentionReport> {
    const t = now();
    const cutoff = t - opts.retentionDays * 86_400_000;
    const iso = new Date(t).toISOString();
    const report: RetentionReport = { scanned: 0, stripped: 0, restripped: 0, failedJobsScrubbed: 0 };
    await stripOld(cutoff, iso, report);
    await restripErased(iso, report);
    await scrubFailedJobs(cutoff, report);
    logger.info({ ...report, retentionDays: opts.retentionDays }, 'retention run');
    return report;
  }

  return {
    async start() {
      await queue.upsertJobScheduler(
        SCHEDULER_ID,
        { pattern: opts.pattern ?? '0 3 * * *', tz: opts.timezone ?? 'Asia/Jakarta' },
        { name: 'retention', opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 100 }, attempts: 3 } },
      );
      blocking = connect(opts.connection, { maxRetriesPerRequest: null });
      if (blocking.owned) blocking.client.on('error', () => undefined);
      worker = new Worker(RETENTION_QUEUE, () => runOnce(), { connection: blocking.client, prefix: opts.queuePrefix });
      // Without an error listener a worker may stop processing (BullMQ docs).
      worker.on('error', (err) => logger.error({ err }, 'retention worker error'));
      worker.on('failed', (_job, err) => logger.error({ err }, 'retention run failed'));
    },
    runOnce,
    async close() {
      await worker?.close();
      await queue.close();
      await complaints.close();
      if (blocking?.owned) await closeRedis(blocking.client);
      if (store.owned) await closeRedis(redis);
    },
  };
}
