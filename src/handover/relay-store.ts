/**
 * The handover's records in Redis: the per-conversation record (topic, who took it, timers;
 * never the mode, which lives in the session only), the topic and ticket maps, the set of
 * open handovers, and the persisted staff outbox (one list per lane plus a ready set).
 */
import { z } from 'zod';
import { channelSchema } from '../core/messages.js';
import { languageSchema } from '../engine/session.js';
import type { RedisClient } from '../redis.js';
import { type OutboxItem, outboxItemSchema } from './outbox-items.js';
import { type ConvRef, convId, convLaneId, convOfLane, parseConvId, relayKeys } from './relay-keys.js';

const num = z.coerce.number();
const flag = z.preprocess((v) => v === '1' || v === true, z.boolean());

export const handoverRecordSchema = z.object({
  pseudonym: z.string().min(1),
  channel: channelSchema,
  lang: languageSchema,
  reason: z.string().min(1),
  urgent: flag,
  country: z.string().optional(),
  ticket: z.string().optional(),
  /** The urgent category staff triage by; suicidal talk; a voice note or photo that started it. */
  category: z.string().optional(),
  suicide: flag.optional(),
  media: z.string().optional(),
  since: num,
  status: z.enum(['active', 'closed']),
  threadId: num.optional(),
  /** `refused`: Telegram would not take a post in the closed topic, so the next post reopens it. */
  topic: z.enum(['open', 'closed', 'refused']).optional(),
  /** `since` of the handover whose summary card was posted (a retry does not post it twice). */
  cardSince: num.optional(),
  takenById: z.string().optional(),
  takenByName: z.string().optional(),
  lastActivityAt: num,
  overdueAt: num.optional(),
  outOfHours: flag,
  closedAt: num.optional(),
});
export type HandoverRecord = z.infer<typeof handoverRecordSchema>;
type RecordField = keyof HandoverRecord;

/** Urgent lanes sort before every ordinary one. */
const URGENT_BOOST = 1e13;

export interface RelayStore {
  read(conv: ConvRef): Promise<HandoverRecord | null>;
  /** Sets (and removes) fields; refreshes the record's expiry. */
  write(conv: ConvRef, fields: Partial<HandoverRecord>, remove?: RecordField[]): Promise<void>;
  mapThread(threadId: number, conv: ConvRef): Promise<void>;
  convOfThread(threadId: number): Promise<ConvRef | null>;
  setActive(conv: ConvRef, since: number): Promise<void>;
  removeActive(conv: ConvRef): Promise<void>;
  listActive(): Promise<ConvRef[]>;
  mapTicket(ticket: string, conv: ConvRef): Promise<void>;
  convOfTicket(ticket: string): Promise<ConvRef | null>;
  enqueue(laneId: string, items: OutboxItem[], urgent: boolean): Promise<void>;
  /** A new handover decides afresh whether the conversation's lane goes first. */
  setUrgent(laneId: string, urgent: boolean): Promise<void>;
  /** Lanes with pending items, most pressing first. */
  nextLanes(n: number): Promise<string[]>;
  /** The first items of a lane, up to an unreadable one; `invalidHead` when the very first is unreadable. */
  peek(laneId: string, n: number): Promise<{ items: OutboxItem[]; invalidHead: boolean }>;
  /** Removes the first `n` items of a lane after they were sent, and re-scores it. */
  settle(laneId: string, n: number): Promise<void>;
  pendingLanes(): Promise<number>;
  activeCount(): Promise<number>;
  incr(field: string, by?: number): Promise<void>;
  counters(): Promise<Record<string, number>>;
  /** Removes the ids this conversation left in the global keys (the privacy flow deletes the rest). */
  forget(conv: ConvRef): Promise<void>;
}

export function createRelayStore(deps: { redis: RedisClient; prefix: string; ttlSeconds: number }): RelayStore {
  const { redis, ttlSeconds } = deps;
  const keys = relayKeys(deps.prefix);
  const laneKey = (laneId: string) => {
    const conv = convOfLane(laneId);
    return conv ? keys.conv(conv).outbox : keys.lane(laneId);
  };

  async function scoreOf(laneId: string, head: string | null): Promise<number | null> {
    if (head === null) return null;
    const parsed = outboxItemSchema.safeParse(safeJson(head));
    const at = parsed.success ? parsed.data.at : 0;
    const urgent = (await redis.sismember(keys.urgent, laneId)) === 1;
    return urgent ? at - URGENT_BOOST : at;
  }

  return {
    async read(conv) {
      const raw = await redis.hgetall(keys.conv(conv).state);
      if (!raw || Object.keys(raw).length === 0) return null;
      const parsed = handoverRecordSchema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    async write(conv, fields, remove = []) {
      const key = keys.conv(conv).state;
      const flat: string[] = [];
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        flat.push(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
      }
      const tx = redis.multi();
      if (flat.length > 0) tx.hset(key, ...flat);
      if (remove.length > 0) tx.hdel(key, ...remove);
      tx.expire(key, ttlSeconds);
      await tx.exec();
    },
    async mapThread(threadId, conv) {
      await redis.set(keys.thread(threadId), convId(conv), 'EX', ttlSeconds);
    },
    async convOfThread(threadId) {
      const raw = await redis.get(keys.thread(threadId));
      return raw ? parseConvId(raw) : null;
    },
    async setActive(conv, since) {
      await redis.zadd(keys.active, since, convId(conv));
    },
    async removeActive(conv) {
      await redis.zrem(keys.active, convId(conv));
    },
    async listActive() {
      const ids = await redis.zrange(keys.active, '0', '999');
      return ids.map(parseConvId).filter((c): c is ConvRef => c !== null);
    },
    async mapTicket(ticket, conv) {
      await redis.set(keys.ticket(ticket), convId(conv), 'EX', ttlSeconds);
    },
    async convOfTicket(ticket) {
      const raw = await redis.get(keys.ticket(ticket));
      return raw ? parseConvId(raw) : null;
    },
    async enqueue(laneId, items, urgent) {
      if (items.length === 0) return;
      const first = items[0]?.at ?? 0;
      const key = laneKey(laneId);
      const tx = redis.multi();
      tx.rpush(key, ...items.map((i) => JSON.stringify(i)));
      tx.expire(key, ttlSeconds);
      if (urgent) tx.sadd(keys.urgent, laneId);
      // LT keeps an older (or urgent) score and adds the lane when it is missing.
      tx.zadd(keys.ready, 'LT', urgent ? first - URGENT_BOOST : first, laneId);
      await tx.exec();
    },
    async setUrgent(laneId, urgent) {
      if (urgent) await redis.sadd(keys.urgent, laneId);
      else await redis.srem(keys.urgent, laneId);
    },
    nextLanes: (n) => redis.zrange(keys.ready, '0', String(n - 1)),
    async peek(laneId, n) {
      const raw = await redis.lrange(laneKey(laneId), 0, n - 1);
      const items: OutboxItem[] = [];
      // Stop at an unreadable item so counts keep matching list positions.
      for (const line of raw) {
        const parsed = outboxItemSchema.safeParse(safeJson(line));
        if (!parsed.success) return { items, invalidHead: items.length === 0 };
        items.push(parsed.data);
      }
      return { items, invalidHead: false };
    },
    async settle(laneId, n) {
      const key = laneKey(laneId);
      // Remove the lane from the ready set, then add it back if anything is left: an item
      // pushed meanwhile is either seen by LINDEX or re-adds the lane itself.
      const res = await redis.multi().ltrim(key, n, -1).zrem(keys.ready, laneId).lindex(key, 0).exec();
      const head = (res?.[2]?.[1] as string | null | undefined) ?? null;
      const score = await scoreOf(laneId, head);
      if (score !== null) await redis.zadd(keys.ready, 'LT', score, laneId);
    },
    pendingLanes: () => redis.zcard(keys.ready),
    activeCount: () => redis.zcard(keys.active),
    async incr(field, by = 1) {
      await redis.hincrby(keys.stats, field, by);
    },
    async counters() {
      const raw = await redis.hgetall(keys.stats);
      return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Number(v)]));
    },
    async forget(conv) {
      const record = await this.read(conv);
      const lane = convLaneId(conv);
      const tx = redis.multi().zrem(keys.active, convId(conv)).zrem(keys.ready, lane).srem(keys.urgent, lane);
      if (record?.threadId !== undefined) tx.del(keys.thread(record.threadId));
      if (record?.ticket) tx.del(keys.ticket(record.ticket));
      const k = keys.conv(conv);
      tx.del(k.state, k.history, k.outbox);
      await tx.exec();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
