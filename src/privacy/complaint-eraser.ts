/**
 * The complaint area's eraser: for every case filed from the conversation (the chat index
 * `complaints:user:<hash>`), the personal fields go and the anonymous statistics stay.
 * - a stored case is stripped (strip-case.ts);
 * - a reporter record still waiting for the worker is deleted;
 * - the queued job's data is anonymised, so a worker that has not run yet stores an
 *   anonymous case, and kept completed/failed jobs hold no personal text either;
 * - the chat index and the chat's wrong-PIN counter are deleted.
 * When a job is running at that moment, the worker may store the case after the strip: the
 * eraser waits briefly for it and strips again, and records the id so the retention job
 * strips it on its next run in any case.
 */
import type { Queue } from 'bullmq';
import { leaveAllGroups } from '../complaints/case-groups.js';
import { parseReporter } from '../complaints/case-records.js';
import { chatHash, complaintKeys } from '../complaints/complaint-keys.js';
import { complaintJobSchema } from '../complaints/complaint-schema.js';
import type { Conversation } from '../dialogue/dialogue-service.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import type { Eraser } from './data-eraser.js';
import { anonymiseComplaint, isAnonymised, stripCase } from './strip-case.js';

export interface ComplaintEraserOptions {
  redis: RedisClient;
  /** REDIS_PREFIX. */
  redisPrefix: string;
  /** The `complaints` queue (any connection); without it queued jobs keep their data until done. */
  queue?: Pick<Queue, 'getJob'>;
  logger: Logger;
  /** How long to wait for a running job before stripping its case again; default 3000 ms. */
  activeWaitMs?: number;
  now?: () => number;
}

/** Set of complaint ids erased at a user's request; the retention job re-checks them. */
export function erasedSetKey(redisPrefix: string): string {
  return `${redisPrefix}:privacy:erased`;
}

export function createComplaintEraser(opts: ComplaintEraserOptions): Eraser {
  const { redis, logger } = opts;
  const keys = complaintKeys(opts.redisPrefix);
  const now = opts.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();

  /** Anonymises the job's data; returns its state when it was changed, or null. */
  async function scrubJob(id: string): Promise<string | null> {
    const job = await opts.queue?.getJob(id);
    if (!job) return null;
    const parsed = complaintJobSchema.safeParse(job.data);
    if (!parsed.success || isAnonymised(parsed.data)) return null;
    await job.updateData(anonymiseComplaint(parsed.data));
    return job.getState();
  }

  async function waitWhileActive(id: string): Promise<void> {
    const until = now() + (opts.activeWaitMs ?? 3000);
    while (now() < until) {
      const job = await opts.queue?.getJob(id);
      if (!job || (await job.getState()) !== 'active') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function eraseTicket(ticket: string, conv: Conversation): Promise<boolean> {
    let changed = false;
    const pending = parseReporter(await redis.get(keys.pending(ticket)));
    const id = (await redis.get(keys.ticket(ticket))) ?? pending?.id ?? null;
    if (pending && pending.channel === conv.channel && pending.userId === conv.userId) {
      changed = (await redis.del(keys.pending(ticket))) > 0 || changed;
    }
    if (!id) return changed;
    const owner = parseReporter(await redis.hget(keys.case(id), 'reporter'));
    // The chat index could name a ticket another chat owns (a random ticket collision): leave that case alone.
    if (owner && (owner.channel !== conv.channel || owner.userId !== conv.userId)) return changed;
    const state = await scrubJob(id);
    if (state) changed = true;
    await redis.sadd(erasedSetKey(opts.redisPrefix), id);
    const first = await stripCase(redis, keys, id, 'user', iso());
    if (first.result === 'stripped') changed = true;
    if (state === 'active') {
      await waitWhileActive(id);
      await stripCase(redis, keys, id, 'user', iso());
    }
    return changed;
  }

  return {
    name: 'complaints',
    async erase(conv) {
      const userKey = keys.user(conv.channel, conv.userId);
      const tickets = await redis.smembers(userKey);
      const deleted: string[] = [];
      for (const ticket of tickets) {
        if (await eraseTicket(ticket, conv)) deleted.push('complaint');
      }
      await redis.del(userKey);
      if ((await leaveAllGroups(redis, opts.redisPrefix, conv.channel, conv.userId)) > 0) deleted.push('group_member');
      await redis.del(`${keys.pinLimitPrefix('chat')}:${chatHash(conv.channel, conv.userId)}`);
      if (tickets.length > 0) logger.debug({ cases: tickets.length, changed: deleted.length }, 'complaints erased');
      return { deleted };
    },
  };
}
