/**
 * Runs the digest on a schedule (DIGEST_SCHEDULE, a cron pattern in the hotline's time zone)
 * through a BullMQ job scheduler: every bot process may register it, BullMQ runs each
 * occurrence once. A failed post is retried (the network, a 429), then left in the failed set.
 * `off` removes the schedule a previous configuration left behind.
 */
import type { Logger } from '../logger.js';
import { createScheduledJob, type ScheduledJob } from '../ops/scheduled-job.js';

export const DIGEST_QUEUE = 'digest';
const SCHEDULER_ID = 'staff-digest';

export type DigestScheduler = ScheduledJob;

export function createDigestScheduler(opts: {
  connection: string;
  prefix: string;
  /** Cron pattern, or `off`. */
  pattern: string;
  timeZone: string;
  run: () => Promise<void>;
  logger: Logger;
}): DigestScheduler {
  return createScheduledJob({
    connection: opts.connection,
    prefix: opts.prefix,
    queue: DIGEST_QUEUE,
    schedulerId: SCHEDULER_ID,
    repeat: opts.pattern === 'off' ? 'off' : { pattern: opts.pattern, tz: opts.timeZone },
    job: {
      name: 'digest',
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 30, removeOnFail: 100 },
    },
    run: opts.run,
    logger: opts.logger,
    label: 'digest: posting to the staff group',
  });
}
