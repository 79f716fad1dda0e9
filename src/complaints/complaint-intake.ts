/**
 * The producer: validates a confirmed complaint, writes the reporter record, and adds the job
 * to the queue `complaints`. When Redis or the queue does not answer within `addTimeoutMs`
 * (BullMQ's `add` can wait forever while Redis is down), the complaint goes to the local
 * spool and the caller learns it was `spooled`, so the user can be told the truth.
 */
import { Queue } from 'bullmq';
import { withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../logger.js';
import { closeRedis, type RedisClient } from '../redis.js';
import { newPin, newPinSecret, newTicket } from './complaint-ids.js';
import { complaintKeys } from './complaint-keys.js';
import {
  complaintJobOptions,
  connect,
  DEFAULT_QUEUE_PREFIX,
  JOB_NAME,
  QUEUE_NAME,
  type RetryPolicy,
} from './complaint-queue.js';
import {
  type ComplaintJob,
  complaintJobSchema,
  describeIssues,
  type ReporterRecord,
  type SpoolLine,
} from './complaint-schema.js';
import { type ComplaintSpool, createComplaintSpool, type ReplayReport } from './complaint-spool.js';
import { luaScript } from './lua-script.js';

export interface ComplaintIntakeOptions extends RetryPolicy {
  /** A Redis URL (the intake then makes fail-fast clients of its own) or a client to share. */
  connection: string | RedisClient;
  /** BullMQ prefix; default `bull`. */
  queuePrefix?: string;
  /** Prefix of the bot's own keys (REDIS_PREFIX). */
  redisPrefix: string;
  spoolDir: string;
  logger: Logger;
  /** Longest wait for Redis and the queue before spooling; default 2000 ms. */
  addTimeoutMs?: number;
  /** Replay the spool this often (and at start, and when Redis reconnects); 0 = only on demand. Default 30 s. */
  replayEveryMs?: number;
  /** How long a reporter record waits for the worker before it expires; default 90 days. */
  pendingTtlSeconds?: number;
}

export interface SubmitInput {
  /** The complaint as the job payload; validated here. */
  complaint: ComplaintJob;
  /** The reporter's chat id on `complaint.channel`; kept on the case record only. */
  userId: string;
  /** The PIN shown to the user; generated when absent. Reuse it when retrying the same complaint. */
  pin?: string;
}

export type SubmitResult =
  | { status: 'queued' | 'spooled'; id: string; ticket: string; pin: string }
  | { status: 'invalid'; problems: string }
  /** Neither Redis nor the spool could take it (disk failure): the user must be told to retry. */
  | { status: 'failed'; id: string };

export interface ComplaintIntake {
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** Queues what the spool holds; runs by itself periodically. */
  replay(): Promise<ReplayReport>;
  readonly spool: ComplaintSpool;
  close(): Promise<void>;
}

/**
 * Claims the ticket for this complaint id (detecting the rare random collision), stores the
 * reporter record and indexes the ticket under the chat, in one round trip. Skips the
 * reporter record when the case already exists (a replay of a stored complaint).
 */
const STAGE = luaScript(`
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
if not owner then redis.call('SET', KEYS[1], ARGV[1]) end
if redis.call('EXISTS', KEYS[4]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
end
redis.call('SADD', KEYS[3], ARGV[4])
return 1`);

class TicketCollisionError extends Error {
  constructor() {
    super('ticket already belongs to another complaint');
    this.name = 'TicketCollisionError';
  }
}

export function createComplaintIntake(opts: ComplaintIntakeOptions): ComplaintIntake {
  const { logger } = opts;
  const timeoutMs = opts.addTimeoutMs ?? 2000;
  const ttl = opts.pendingTtlSeconds ?? 90 * 24 * 3600;
  const keys = complaintKeys(opts.redisPrefix);
  // No offline queue: while Redis is away commands fail at once instead of piling up.
  const { client: redis, owned } = connect(opts.connection, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const queue = new Queue<ComplaintJob>(QUEUE_NAME, {
    connection: redis,
    prefix: opts.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
  });
  queue.on('error', () => undefined);
  const spool = createComplaintSpool({ dir: opts.spoolDir, logger });
  let closed = false;

  async function stage(line: SpoolLine): Promise<void> {
    const { complaint, reporter } = line;
    const res = await STAGE.run(
      redis,
      [
        keys.ticket(complaint.ticket),
        keys.pending(complaint.ticket),
        keys.user(reporter.channel, reporter.userId),
        keys.case(complaint.id),
      ],
      [complaint.id, JSON.stringify(reporter), ttl, complaint.ticket],
    );
    if (Number(res) !== 1) throw new TicketCollisionError();
  }

  /** Without an offline queue, commands sent while (re)connecting fail: wait for `ready` instead. */
  let waiting: Promise<void> | null = null;
  function ready(): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    waiting ??= new Promise<void>((resolve) => {
      const done = () => {
        redis.off('ready', done);
        clearTimeout(timer);
        waiting = null;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      redis.on('ready', done);
    });
    return waiting;
  }

  async function enqueue(line: SpoolLine): Promise<void> {
    await ready();
    await stage(line);
    // A duplicate jobId returns a Job with our data instead of the stored one (gotcha 14):
    // harmless here, since the id alone is what we rely on.
    await queue.add(JOB_NAME, line.complaint, complaintJobOptions(line.complaint, opts));
  }

  // Work that finishes after its timeout is harmless: the spool holds the complaint by then and
  // the replay is deduplicated by the job id.
  const timed = <T>(work: Promise<T>) => withTimeout(work, timeoutMs);

  async function submit(input: SubmitInput): Promise<SubmitResult> {
    const parsed = complaintJobSchema.safeParse(input.complaint);
    if (!parsed.success) return { status: 'invalid', problems: describeIssues(parsed.error) };
    let complaint = parsed.data;
    const pin = input.pin ?? newPin();
    const reporterFor = (c: ComplaintJob): ReporterRecord => ({
      id: c.id,
      ticket: c.ticket,
      channel: c.channel,
      userId: input.userId,
      lang: c.language,
      ...newPinSecret(pin),
      createdAt: c.createdAt,
      category: c.category,
    });
    let line: SpoolLine = { v: 1, complaint, reporter: reporterFor(complaint) };
    try {
      for (let tries = 0; ; tries++) {
        try {
          await timed(enqueue(line));
          break;
        } catch (err) {
          if (!(err instanceof TicketCollisionError) || tries >= 3) throw err;
          logger.warn({ complaintId: complaint.id }, 'ticket collision; drawing a new ticket');
          complaint = { ...complaint, ticket: newTicket() };
          line = { v: 1, complaint, reporter: reporterFor(complaint) };
        }
      }
      return { status: 'queued', id: complaint.id, ticket: complaint.ticket, pin };
    } catch (err) {
      logger.warn({ complaintId: complaint.id, err: (err as Error).message }, 'complaint not queued; spooling');
    }
    try {
      await spool.append(line);
      return { status: 'spooled', id: complaint.id, ticket: complaint.ticket, pin };
    } catch (err) {
      logger.error(
        { alert: true, complaintId: complaint.id, err: (err as Error).message },
        'complaint could not be spooled',
      );
      return { status: 'failed', id: complaint.id };
    }
  }

  async function replay(): Promise<ReplayReport> {
    return spool.replay(async (line) => {
      try {
        await timed(enqueue(line));
      } catch (err) {
        if (!(err instanceof TicketCollisionError)) throw err;
        // The user already holds this ticket: queue it anyway; the case keeps its id, staff are alerted.
        logger.error(
          { alert: true, complaintId: line.complaint.id },
          'spooled complaint has a ticket taken by another',
        );
        await timed(queue.add(JOB_NAME, line.complaint, complaintJobOptions(line.complaint, opts)));
      }
    });
  }

  const safeReplay = () => {
    if (closed) return;
    replay().catch((err) => logger.error({ err: (err as Error).message }, 'complaint spool replay failed'));
  };
  redis.on('ready', safeReplay);
  const timer = (opts.replayEveryMs ?? 30_000) > 0 ? setInterval(safeReplay, opts.replayEveryMs ?? 30_000) : undefined;
  timer?.unref();
  setImmediate(safeReplay);

  return {
    submit,
    replay,
    spool,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      redis.off('ready', safeReplay);
      await withTimeout(queue.close(), timeoutMs).catch(() => undefined);
      if (owned) await closeRedis(redis);
    },
  };
}
