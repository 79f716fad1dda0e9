/**
 * One repeating job on a BullMQ job scheduler: every bot process may register it (the
 * scheduler is upserted by id), and BullMQ runs each occurrence in one process only. Used by
 * the handover's minute sweep and the staff digest.
 */
import { type JobsOptions, Queue, Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis } from '../redis.js';

export interface ScheduledJob {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ScheduledJobOptions {
  connection: string;
  prefix: string;
  queue: string;
  schedulerId: string;
  /** Every so many ms, a cron pattern in a time zone, or `off` (removes a schedule left behind). */
  repeat: { every: number } | { pattern: string; tz: string } | 'off';
  job: { name: string; opts?: JobsOptions };
  run: () => Promise<unknown>;
  logger: Logger;
  /** Names the job in log lines ("handover: sweep"). */
  label: string;
}

export function createScheduledJob(opts: ScheduledJobOptions): ScheduledJob {
  const plain = createRedis(opts.connection, { maxRetriesPerRequest: 3 });
  const blocking = createRedis(opts.connection, { maxRetriesPerRequest: null });
  // The bot's own connection reports Redis going away; these would print it again unlogged.
  for (const c of [plain, blocking]) c.on('error', () => undefined);
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  return {
    async start() {
      queue = new Queue(opts.queue, { connection: plain, prefix: opts.prefix });
      queue.on('error', (err) => opts.logger.warn({ err }, `${opts.label}: queue error`));
      if (opts.repeat === 'off') {
        await queue.removeJobScheduler(opts.schedulerId);
        return;
      }
      await queue.upsertJobScheduler(opts.schedulerId, opts.repeat, {
        name: opts.job.name,
        ...(opts.job.opts ? { opts: opts.job.opts } : {}),
      });
      worker = new Worker(opts.queue, () => opts.run(), { connection: blocking, prefix: opts.prefix, concurrency: 1 });
      // Without an error listener a worker may stop processing (BullMQ docs).
      worker.on('error', (err) => opts.logger.warn({ err }, `${opts.label}: worker error`));
      worker.on('failed', (job, err) =>
        opts.logger.error({ err, attempt: job?.attemptsMade }, `${opts.label}: run failed`),
      );
    },
    async stop() {
      await worker?.close();
      await queue?.close();
      await closeRedis(blocking);
      await closeRedis(plain);
    },
  };
}
