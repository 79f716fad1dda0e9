/**
 * Case records for staff and users: read a case, change its status (and tell the user in
 * their channel and language), list a chat's complaints, and answer status checks.
 *
 * Status checks: from the chat that filed it, the code alone; from any other chat, code and
 * PIN. Any code not filed from this chat (also an unknown one) is answered the same way, so a
 * stranger learns nothing; wrong PINs are limited to 5 per hour per code and per chat.
 * A complaint still waiting for the worker, or in the spool, answers `received`.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Channel } from '../core/messages.js';
import { withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import type { DeadlinePolicy } from './case-deadlines.js';
import { changeStatus, markTaken, parseReporter, readCase, type StatusChange } from './case-records.js';
import { normalizePin, normalizeTicket, verifyPin } from './complaint-ids.js';
import { chatHash, complaintKeys } from './complaint-keys.js';
import {
  type CaseRecord,
  type CaseStatus,
  type ComplaintCategory,
  isUrgentCategory,
  type ReporterRecord,
} from './complaint-schema.js';
import type { ComplaintSpool } from './complaint-spool.js';

/** The lead implements this with the channels, rendering the text in the user's language. */
export interface UserNotifier {
  notifyStatus(channel: Channel, userId: string, lang: 'id' | 'en', ticket: string, status: CaseStatus): Promise<void>;
}

export type StatusCheck =
  | {
      outcome: 'found';
      ticket: string;
      status: CaseStatus;
      category: ComplaintCategory;
      updatedAt: string;
      /** ISO next-step deadline; absent for a closed case or without deadline rules. */
      deadline?: string;
    }
  | { outcome: 'need_pin'; ticket: string }
  | { outcome: 'not_found'; ticket: string }
  | { outcome: 'invalid_code' }
  | { outcome: 'limited'; retryAfterMinutes: number }
  | { outcome: 'unavailable' };

export interface CaseListItem {
  ticket: string;
  status: CaseStatus;
  category: ComplaintCategory;
  createdAt: string;
  updatedAt: string;
}

export interface CaseStore {
  get(ticket: string): Promise<CaseRecord | null>;
  setStatus(ticket: string, status: CaseStatus, meta?: { by?: string; note?: string }): Promise<StatusChange>;
  listByUser(channel: Channel, userId: string): Promise<CaseListItem[]>;
  checkStatus(q: { ticket: string; pin?: string | null; channel: Channel; userId: string }): Promise<StatusCheck>;
  /** Staff took the conversation the case came from: kept as the case's `takenAt` (first time only). */
  markTaken(ticket: string, at: number): Promise<void>;
}

export interface CaseStoreOptions {
  redis: RedisClient;
  /** REDIS_PREFIX. */
  prefix: string;
  /** Where complaints wait while Redis is away; consulted so they still answer `received`. */
  spool?: ComplaintSpool;
  userNotifier?: UserNotifier;
  logger?: Logger;
  /** Wrong PINs allowed per hour per code and per chat; default 5. */
  pinTriesPerHour?: number;
  /** Longest wait for Redis on a read; default 1500 ms. */
  timeoutMs?: number;
  now?: () => number;
  /** Next-step deadlines (data/cases/deadlines.json), shown on every status check. */
  deadlines?: DeadlinePolicy;
}

type Found =
  | { kind: 'case'; record: CaseRecord }
  | { kind: 'pending'; reporter: ReporterRecord }
  | { kind: 'none' }
  | { kind: 'unavailable' };

export function createCaseStore(opts: CaseStoreOptions): CaseStore {
  const { redis, spool, logger } = opts;
  const keys = complaintKeys(opts.prefix);
  const timeoutMs = opts.timeoutMs ?? 1500;
  const now = opts.now ?? Date.now;
  const points = opts.pinTriesPerHour ?? 5;
  const limiter = (kind: 'code' | 'chat') =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: keys.pinLimitPrefix(kind),
      points,
      duration: 3600,
      rejectIfRedisNotReady: true,
      // While Redis is away the limit still holds, per process.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${kind}-mem`, points, duration: 3600 }),
    });
  const byCode = limiter('code');
  const byChat = limiter('chat');
  const timed = <T>(p: Promise<T>) => withTimeout(p, timeoutMs);

  async function find(ticket: string): Promise<Found> {
    let redisDown = false;
    try {
      // The pending record first: the worker stores the case and drops the pending record in one
      // script, so a pending record gone by the time it is read means the case is there. (Read
      // the other way round, a case stored in between was found in neither: fault scenario 3's
      // status check asked its own reporter for the PIN.)
      const reporter = parseReporter(await timed(redis.get(keys.pending(ticket))));
      const id = await timed(redis.get(keys.ticket(ticket)));
      const record = id ? await timed(readCase(redis, keys, id)) : null;
      if (record) return { kind: 'case', record };
      if (reporter) return { kind: 'pending', reporter };
    } catch (err) {
      redisDown = true;
      logger?.warn({ err: (err as Error).message }, 'case lookup: Redis unavailable, trying the spool');
    }
    const line = spool ? await spool.find(ticket).catch(() => null) : null;
    if (line) return { kind: 'pending', reporter: line.reporter };
    return redisDown ? { kind: 'unavailable' } : { kind: 'none' };
  }

  const ownerOf = (f: Found): ReporterRecord | null =>
    f.kind === 'case' ? f.record.reporter : f.kind === 'pending' ? f.reporter : null;

  function deadline(input: Parameters<DeadlinePolicy['deadlineOf']>[0]): { deadline?: string } {
    const at = opts.deadlines?.deadlineOf(input);
    return at ? { deadline: new Date(at).toISOString() } : {};
  }

  function answer(ticket: string, f: Found): StatusCheck {
    if (f.kind === 'case') {
      const { record } = f;
      const { category, urgent } = record.complaint;
      return {
        outcome: 'found',
        ticket,
        status: record.status,
        category,
        updatedAt: record.updatedAt,
        ...deadline({ category, urgent, status: record.status, since: record.updatedAt }),
      };
    }
    const r = (f as { reporter: ReporterRecord }).reporter;
    // The reporter record does not carry the urgency chosen at filing; the category's is the floor.
    const urgent = isUrgentCategory(r.category);
    return {
      outcome: 'found',
      ticket,
      status: 'received',
      category: r.category,
      updatedAt: r.createdAt,
      ...deadline({ category: r.category, urgent, status: 'received', since: r.createdAt }),
    };
  }

  /**
   * Takes one try from both budgets before any PIN is compared: the count is an atomic
   * increment in Redis, so parallel guesses from many chats or processes can never check more
   * PINs than the budget (reading, then writing, let 85-100 through). Returns the wait when
   * either budget is spent.
   */
  async function consumeTry(ticket: string, chat: string): Promise<number> {
    const settled = await Promise.allSettled([byCode.consume(ticket), byChat.consume(chat)]);
    const refused = settled
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as unknown);
    if (refused.length === 0) return 0;
    const waits = refused.map((r) => (r instanceof RateLimiterRes ? r.msBeforeNext : 60_000));
    return Math.max(1, ...waits);
  }

  /** A right PIN was not a wrong try: give the points back. */
  async function refund(ticket: string, chat: string): Promise<void> {
    await Promise.allSettled([byCode.reward(ticket, 1), byChat.reward(chat, 1)]);
  }

  async function checkStatus(q: {
    ticket: string;
    pin?: string | null;
    channel: Channel;
    userId: string;
  }): Promise<StatusCheck> {
    const ticket = normalizeTicket(q.ticket ?? '');
    if (!ticket) return { outcome: 'invalid_code' };
    const found = await find(ticket);
    if (found.kind === 'unavailable') return { outcome: 'unavailable' };
    const owner = ownerOf(found);
    if (owner && owner.channel === q.channel && owner.userId === q.userId) return answer(ticket, found);
    const pinText = (q.pin ?? '').trim();
    if (!pinText) return { outcome: 'need_pin', ticket };
    const chat = chatHash(q.channel, q.userId);
    const waitMs = await consumeTry(ticket, chat);
    if (waitMs > 0) return { outcome: 'limited', retryAfterMinutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
    // A malformed PIN is a wrong PIN, and counts as one.
    const pin = normalizePin(pinText);
    if (owner && pin && verifyPin(pin, owner.pinSalt, owner.pinHash)) {
      await refund(ticket, chat);
      return answer(ticket, found);
    }
    return { outcome: 'not_found', ticket };
  }

  async function get(ticketInput: string): Promise<CaseRecord | null> {
    const ticket = normalizeTicket(ticketInput);
    if (!ticket) return null;
    const id = await redis.get(keys.ticket(ticket));
    return id ? readCase(redis, keys, id) : null;
  }

  async function setStatus(
    ticketInput: string,
    status: CaseStatus,
    meta: { by?: string; note?: string } = {},
  ): Promise<StatusChange> {
    const ticket = normalizeTicket(ticketInput);
    const id = ticket ? await redis.get(keys.ticket(ticket)) : null;
    if (!ticket || !id) return { result: 'missing' };
    const at = new Date(now()).toISOString();
    const change = await changeStatus(redis, keys, id, { status, at, ...meta });
    if (change.result === 'changed' && opts.userNotifier) {
      const reporter = parseReporter(await redis.hget(keys.case(id), 'reporter'));
      if (reporter) {
        await opts.userNotifier
          .notifyStatus(reporter.channel, reporter.userId, reporter.lang, ticket, status)
          .catch((err) => logger?.error({ ticket, err: (err as Error).message }, 'status notice to the user failed'));
      }
    }
    return change;
  }

  async function listByUser(channel: Channel, userId: string): Promise<CaseListItem[]> {
    const tickets = await timed(redis.smembers(keys.user(channel, userId)));
    const items: CaseListItem[] = [];
    for (const ticket of tickets.slice(0, 50)) {
      const f = await find(ticket);
      const owner = ownerOf(f);
      if (!owner || owner.channel !== channel || owner.userId !== userId) continue;
      const a = answer(ticket, f);
      if (a.outcome !== 'found') continue;
      const createdAt = f.kind === 'case' ? f.record.complaint.createdAt : owner.createdAt;
      items.push({ ticket, status: a.status, category: a.category, createdAt, updatedAt: a.updatedAt });
    }
    return items.sort((x, y) => y.createdAt.localeCompare(x.createdAt)).slice(0, 10);
  }

  async function markTakenAt(ticketInput: string, at: number): Promise<void> {
    const ticket = normalizeTicket(ticketInput);
    const id = ticket ? await redis.get(keys.ticket(ticket)) : null;
    if (id) await markTaken(redis, keys, id, new Date(at).toISOString());
  }

  return { get, setStatus, listByUser, checkStatus, markTaken: markTakenAt };
}
