/**
 * Runs the digest on a schedule (DIGEST_SCHEDULE, a cron pattern in the hotline's time zone)
 * through a BullMQ job scheduler: every bot process may register it, BullMQ runs each
 * occurrence once. A failed post is retried (the network, a 429), then left in the failed set.
 * `off` removes the schedule a previous configuration left behind.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis } from '../redis.js';

export const DIGEST_QUEUE = 'digest';
const SCHEDULER_ID = 'staff-digest';

export interface DigestScheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createDigestScheduler(opts: {
  connection: string;
  prefix: string;
  /** Cron pattern, or `off`. */
  pattern: string;
  timeZone: string;
  run: () => Promise<void>;
  logger: Logger;
}): DigestScheduler {
  const plain = createRedis(opts.connection, { maxRetriesPerRequest: 3 });
  const blocking = createRedis(opts.connection, { maxRetriesPerRequest: null });
  for (const c of [plain, blocking]) c.on('error', () => undefined);
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  return {
    async start() {
      queue = new Queue(DIGEST_QUEUE, { connection: plain, prefix: opts.prefix });
      queue.on('error', (err) => opts.logger.warn({ err }, 'digest: queue error'));
      if (opts.pattern === 'off') {
        await queue.removeJobScheduler(SCHEDULER_ID);
        return;
      }
      await queue.upsertJobScheduler(
        SCHEDULER_ID,
        { pattern: opts.pattern, tz: opts.timeZone },
        {
          name: 'digest',
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 60_000 },
            removeOnComplete: 30,
            removeOnFail: 100,
          },
        },
      );
      worker = new Worker(DIGEST_QUEUE, () => opts.run(), {
        connection: blocking,
        prefix: opts.prefix,
        concurrency: 1,
      });
      worker.on('error', (err) => opts.logger.warn({ err }, 'digest: worker error'));
      worker.on('failed', (job, err) =>
        opts.logger.error({ err, attempt: job?.attemptsMade }, 'digest: posting to the staff group failed'),
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
