/** Queue settings shared by the producer, the replayer and the worker. */
import type { JobsOptions } from 'bullmq';
import { createRedis, type RedisClient, type RedisConnectOptions } from '../redis.js';
import type { ComplaintJob } from './complaint-schema.js';

export { DEFAULT_QUEUE_PREFIX, QUEUE_NAME } from './complaint-keys.js';

/** Job name inside the queue (the queue holds one kind of job). */
export const JOB_NAME = 'complaint';

export interface RetryPolicy {
  /** Attempts per job, including the first; default 10 (about 1.5 hours of retries with a 5 s base). */
  attempts?: number;
  /** Base delay of the exponential backoff in ms; default 5000. */
  backoffMs?: number;
}

/** Kept at least this long after completion so operators can inspect them (contract: >= 24 h). */
export const KEEP_COMPLETED_SECONDS = 3 * 24 * 3600;

/**
 * jobId = complaint id, so a retry or duplicate never makes a second job.
 * Urgent complaints jump the line with `lifo`: they go to the head of the wait list and are
 * taken before every waiting ordinary complaint. BullMQ `priority` would need every job to
 * carry one (jobs without a priority are served before all prioritised jobs) and moves them
 * all into a sorted set, which cost about a fifth of the throughput in bench:complaints.
 */
export function complaintJobOptions(complaint: ComplaintJob, retry: RetryPolicy = {}): JobsOptions {
  return {
    jobId: complaint.id,
    ...(complaint.urgent ? { lifo: true } : {}),
    attempts: retry.attempts ?? 10,
    backoff: { type: 'exponential', delay: retry.backoffMs ?? 5000, jitter: 0.2 },
    removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
    // Failed jobs stay in the failed set until an operator clears them.
    removeOnFail: false,
  };
}

/** A URL gets a client of our own (closed by us); a client is shared (closed by its owner). */
export function connect(
  connection: string | RedisClient,
  options: RedisConnectOptions,
): { client: RedisClient; owned: boolean } {
  if (typeof connection === 'string') return { client: createRedis(connection, options), owned: true };
  return { client: connection, owned: false };
}
