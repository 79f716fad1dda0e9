/**
 * Redis key layout of the complaint area, in one place. Everything lives under
 * `<redisPrefix>:{complaints}:`. Keys holding a chat identity use a hash of it, so key names
 * (visible in monitoring and slow logs) carry no chat id.
 *
 * Cluster note: case creation touches several keys in one Lua script, so all of them carry the
 * `{complaints}` hash tag and live in one Redis Cluster slot.
 */
import { createHash } from 'node:crypto';

export const QUEUE_NAME = 'complaints';
export const DEFAULT_QUEUE_PREFIX = 'bull';

export interface ComplaintKeys {
  /** Hash: the case record, by complaint id. */
  case(id: string): string;
  /** List of JSON status entries, oldest first. */
  history(id: string): string;
  /** List of JSON case events (staff requests, the worker's answers), oldest first. */
  events(id: string): string;
  /** String: ticket -> complaint id (the ticket lookup index). */
  ticket(ticket: string): string;
  /** String: the reporter record between submit and the worker storing the case. */
  pending(ticket: string): string;
  /** Set of tickets filed from one chat. */
  user(channel: string, userId: string): string;
  /** Hash `<category>|<country>` -> count, per UTC day: anonymous statistics. */
  stats(day: string): string;
  /** Hash of counters shared by all workers (e.g. jobs that exhausted their attempts). */
  metrics(): string;
  /** Hash `<category>|<country>|<urgent 0/1>` -> count since the start: the complaints metric. */
  totals(): string;
  /** Prefix for the wrong-PIN limiters. */
  pinLimitPrefix(kind: 'code' | 'chat'): string;
}

export function complaintKeys(redisPrefix: string): ComplaintKeys {
  // One hash tag for all complaint keys: the case-creation script touches several of them,
  // and a Redis Cluster requires them in one slot.
  const p = `${redisPrefix}:{complaints}`;
  return {
    case: (id) => `${p}:case:${id}`,
    history: (id) => `${p}:history:${id}`,
    events: (id) => `${p}:events:${id}`,
    ticket: (ticket) => `${p}:ticket:${ticket}`,
    pending: (ticket) => `${p}:pending:${ticket}`,
    user: (channel, userId) => `${p}:user:${chatHash(channel, userId)}`,
    stats: (day) => `${p}:stats:${day}`,
    metrics: () => `${p}:metrics`,
    totals: () => `${p}:totals`,
    pinLimitPrefix: (kind) => `${p}:pinlimit:${kind}`,
  };
}

/** Stable, non-reversible name of a chat for key names and limiter keys. */
export function chatHash(channel: string, userId: string): string {
  return createHash('sha256').update(`${channel}|${userId}`).digest('base64url').slice(0, 22);
}
