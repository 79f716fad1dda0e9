/**
 * The consumer of the queue `complaints`. Per job: validate (an invalid job can never succeed,
 * so UnrecoverableError), store the case (idempotent, one Lua script), tell staff, and POST
 * the webhook when configured. Each side effect is recorded on the case, so a retry after a
 * crash repeats only what had not finished. A job that exhausts its attempts stays in the
 * failed set, is counted, and logs an alert line.
 */
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { closeRedis, type RedisClient } from '../redis.js';
import { createCase, markCase } from './case-records.js';
import { complaintKeys } from './complaint-keys.js';
import { connect, DEFAULT_QUEUE_PREFIX, QUEUE_NAME } from './complaint-queue.js';
import { type CaseSummary, type ComplaintJob, complaintJobSchema, describeIssues } from './complaint-schema.js';
import { postWebhook, type WebhookConfig } from './complaint-webhook.js';
import { createLogStaffNotifier, type StaffNotifier } from './staff-notifier.js';

export interface ComplaintWorkerOptions {
  /**
   * A Redis URL (preferred), or a client built with `maxRetriesPerRequest: null`, which BullMQ
   * requires of a worker connection (gotcha 3) and refuses otherwise.
   */
  connection: string | RedisClient;
  queuePrefix?: string;
  redisPrefix: string;
  /** Jobs processed at once by this worker; default 20. */
  concurrency?: number;
  logger: Logger;
  /** Default: one pseudonymous log line per new case. */
  staffNotifier?: StaffNotifier;
  webhook?: WebhookConfig;
  now?: () => number;
  /** BullMQ job lock; a killed worker's job is taken again after about this long. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for; default 30 s. */
  stalledIntervalMs?: number;
  /** Times a job may be caught mid-run by a dying worker before it fails; default 20. */
  maxStalledCount?: number;
  /** Called after a case is stored (or found already stored); for metrics and the benchmark. */
  onStored?: (info: { id: string; ticket: string; created: boolean }) => void;
}

export interface WorkerCounters {
  /** Jobs completed by this process. */
  completed: number;
  /** Cases created (a retried job whose case existed counts under `duplicates`). */
  created: number;
  duplicates: number;
  /** Attempts that threw (each retry counts). */
  attemptFailures: number;
  /** Jobs that exhausted their attempts (or were unrecoverable) in this process. */
  exhausted: number;
}

export interface ComplaintWorker {
  counters(): WorkerCounters;
  /** Jobs that exhausted their attempts, counted in Redis across all worker processes. */
  exhaustedTotal(): Promise<number>;
  waitUntilReady(): Promise<void>;
  /** Stops taking jobs, waits for the running ones, closes connections. */
  close(): Promise<void>;
}

export function summarise(c: ComplaintJob): CaseSummary {
  return {
    id: c.id,
    ticket: c.ticket,
    category: c.category,
    country: c.country,
    urgent: c.urgent,
    reporter: c.reporter,
    channel: c.channel,
    language: c.language,
    attachments: c.attachments.length,
    createdAt: c.createdAt,
  };
}

export function createComplaintWorker(opts: ComplaintWorkerOptions): ComplaintWorker {
  const { logger } = opts;
  const now = opts.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const keys = complaintKeys(opts.redisPrefix);
  const staff = opts.staffNotifier ?? createLogStaffNotifier(logger);
  const blocking = connect(opts.connection, { maxRetriesPerRequest: null });
  const store = connect(opts.connection, { maxRetriesPerRequest: 3 });
  for (const c of [blocking, store]) if (c.owned) c.client.on('error', () => undefined);
  const counters: WorkerCounters = { completed: 0, created: 0, duplicates: 0, attemptFailures: 0, exhausted: 0 };
  const redis = store.client;

  const mark = (id: string, field: 'notifiedAt' | 'webhookAt') => {
    markCase(redis, keys, id, field, iso()).catch((err) =>
      logger.warn({ complaintId: id, field, err: (err as Error).message }, 'could not record a done side effect'),
    );
  };

  async function handle(job: Job): Promise<{ ticket: string; created: boolean }> {
    const parsed = complaintJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid complaint job: ${describeIssues(parsed.error)}`);
    const complaint = parsed.data;
    if (job.id !== complaint.id) throw new UnrecoverableError('job id differs from the complaint id');
    const res = await createCase(redis, keys, complaint, iso());
    if (res.created) counters.created += 1;
    else counters.duplicates += 1;
    if (res.collision) {
      logger.error(
        { alert: true, complaintId: complaint.id, ticket: complaint.ticket },
        'ticket already used by another case',
      );
    }
    opts.onStored?.({ id: complaint.id, ticket: complaint.ticket, created: res.created });
    // The marks are not awaited: each only spares a repeat when the job is retried after a
    // crash or a failed webhook, and a lost mark means one duplicate notice or POST (the
    // receiver drops it by Idempotency-Key). Awaiting them cost a round trip per job.
    if (!res.notifiedAt) {
      await staff.notifyNewCase(summarise(complaint));
      mark(complaint.id, 'notifiedAt');
    }
    if (opts.webhook && !res.webhookAt) {
      await postWebhook(opts.webhook, complaint.id, {
        type: 'complaint.received',
        id: complaint.id,
        ticket: complaint.ticket,
        status: 'received',
        complaint,
      });
      mark(complaint.id, 'webhookAt');
    }
    return { ticket: complaint.ticket, created: res.created };
  }

  const worker = new Worker(QUEUE_NAME, handle, {
    connection: blocking.client,
    prefix: opts.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    concurrency: opts.concurrency ?? 20,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: opts.maxStalledCount ?? 20,
  });

  worker.on('completed', () => {
    counters.completed += 1;
  });
  worker.on('failed', (job, err) => {
    counters.attemptFailures += 1;
    const final =
      err instanceof UnrecoverableError ||
      err?.name === 'UnrecoverableError' ||
      !job ||
      job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) {
      logger.warn(
        { jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err?.message },
        'complaint job attempt failed; will retry',
      );
      return;
    }
    counters.exhausted += 1;
    redis.hincrby(keys.metrics(), 'exhausted', 1).catch(() => undefined);
    logger.error(
      {
        alert: true,
        jobId: job?.id,
        ticket: (job?.data as { ticket?: unknown })?.ticket,
        attemptsMade: job?.attemptsMade,
        reason: err?.message,
      },
      'complaint job failed for good; it stays in the failed set for an operator',
    );
  });
  // Without an error listener a worker may stop processing (BullMQ docs).
  worker.on('error', (err) => logger.error({ err: err.message }, 'complaint worker error'));

  return {
    counters: () => ({ ...counters }),
    async exhaustedTotal() {
      return Number((await redis.hget(keys.metrics(), 'exhausted')) ?? 0);
    },
    async waitUntilReady() {
      await worker.waitUntilReady();
    },
    async close() {
      await worker.close();
      if (blocking.owned) await closeRedis(blocking.client);
      if (store.owned) await closeRedis(store.client);
    },
  };
}
