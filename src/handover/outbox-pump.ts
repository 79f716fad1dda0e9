/**
 * Sends the staff outbox to the staff group: one process at a time (a Redis lease), urgent
 * lanes first, lines of one topic batched into one message, within Telegram's group limit.
 * An item leaves Redis only after Telegram accepted it, so a 429, a crash or a restart
 * loses nothing and keeps each topic's order.
 */
import { randomUUID } from 'node:crypto';
import type { Channel } from '../core/messages.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { type OutboxItem, planBatch } from './outbox-items.js';
import { createOutboxOps, type MediaDownloader } from './outbox-ops.js';
import { createRateWindow } from './rate-window.js';
import { CARD_LINES, type RelayHistory } from './relay-history.js';
import { type ConvRef, convOfLane } from './relay-keys.js';
import type { RelayStore } from './relay-store.js';
import { asStaffApiError, type StaffApi } from './staff-api.js';
import type { StaffTexts } from './staff-texts.js';

export type { MediaDownloader };

export interface OutboxPumpDeps {
  redis: RedisClient;
  leaseKey: string;
  store: RelayStore;
  history: RelayHistory;
  api: StaffApi;
  texts: StaffTexts;
  logger: Logger;
  downloaders: Partial<Record<Channel, MediaDownloader>>;
  /** Messages per minute to the staff group (default 20) and the least gap between two (default 1000 ms). */
  perMinute?: number;
  minGapMs?: number;
  /** How often other processes' work is looked for; default 1000 ms. */
  pollMs?: number;
  /** Lines of history on a summary card; default `CARD_LINES`. */
  cardHistory?: number;
  /** Monotonic clock for waiting (ms). */
  clock?: () => number;
  /** Wall clock for "not before" of case items. */
  now?: () => number;
}

export interface PumpCounters {
  sent: number;
  batches: number;
  batchedLines: number;
  rateLimited: number;
  retries: number;
  dropped: number;
}

export interface OutboxPump {
  start(): void;
  stop(): Promise<void>;
  /** Wakes the pump (something was queued in this process). */
  kick(): void;
  /** Resolves once nothing is pending (tests, graceful shutdown); false on timeout. */
  whenIdle(timeoutMs: number): Promise<boolean>;
  counters(): PumpCounters;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

class PumpStopped extends Error {
  override name = 'PumpStopped';
}

/** `t:<threadId>` lanes post into a topic that belongs to no conversation; `g` into General. */
const threadOfLane = (laneId: string) => (laneId.startsWith('t:') ? Number(laneId.slice(2)) : undefined);

export function createOutboxPump(deps: OutboxPumpDeps): OutboxPump {
  const { store, logger, redis } = deps;
  const clock = deps.clock ?? (() => performance.now());
  const now = deps.now ?? Date.now;
  const pollMs = deps.pollMs ?? 1000;
  const window = createRateWindow({ limit: deps.perMinute ?? 20, windowMs: 60_000, minGapMs: deps.minGapMs ?? 1000 });
  const counters: PumpCounters = { sent: 0, batches: 0, batchedLines: 0, rateLimited: 0, retries: 0, dropped: 0 };
  const token = randomUUID();
  const leaseMs = 15_000;
  const failures = new Map<string, number>();
  let running = false;
  let busy = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let leaseUntil = 0;
  let backoffMs = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** Every call that posts to the group waits its turn and counts against the limit. */
  async function groupCall<T>(fn: () => Promise<T>): Promise<T> {
    for (let wait = window.waitMs(clock()); wait > 0; wait = window.waitMs(clock())) {
      if (!running) throw new PumpStopped();
      await sleep(wait);
    }
    if (!running) throw new PumpStopped();
    window.record(clock());
    try {
      const result = await fn();
      counters.sent++;
      return result;
    } catch (err) {
      const e = asStaffApiError(err);
      if (e.kind === 'rate_limited') {
        counters.rateLimited++;
        window.pause(clock(), (e.retryAfterSeconds ?? 5) * 1000);
      }
      if (e.kind === 'not_modified') return undefined as T;
      throw e;
    }
  }

  const ops = createOutboxOps({
    store,
    history: deps.history,
    api: deps.api,
    texts: deps.texts,
    downloaders: deps.downloaders,
    groupCall,
    cardHistory: deps.cardHistory ?? CARD_LINES,
  });

  async function holdLease(): Promise<boolean> {
    if (clock() < leaseUntil - leaseMs / 2) return true;
    const ok =
      Number(await redis.eval(RENEW, 1, deps.leaseKey, token, leaseMs)) === 1 ||
      (await redis.set(deps.leaseKey, token, 'PX', leaseMs, 'NX')) === 'OK';
    leaseUntil = ok ? clock() + leaseMs : 0;
    return ok;
  }

  async function nextReady(): Promise<{ laneId: string; items: OutboxItem[] } | null> {
    for (const laneId of await store.nextLanes(10)) {
      const { items, invalidHead } = await store.peek(laneId, 30);
      if (invalidHead) {
        logger.error({ lane: laneId.slice(0, 2) }, 'handover: unreadable outbox item dropped');
        counters.dropped++;
        await store.settle(laneId, 1);
        return nextReady();
      }
      if (items.length === 0) {
        await store.settle(laneId, 0);
        continue;
      }
      const head = items[0];
      if (head?.k === 'case' && head.notBefore > now()) continue;
      return { laneId, items };
    }
    return null;
  }

  async function handleFailure(laneId: string, conv: ConvRef | null, count: number, err: unknown): Promise<void> {
    if (err instanceof PumpStopped) return;
    const e = asStaffApiError(err);
    if (e.kind === 'rate_limited') return;
    counters.retries++;
    if (e.kind === 'thread_missing' && conv) return store.write(conv, {}, ['threadId', 'topic']);
    if (e.kind === 'topic_closed' && conv) return store.write(conv, { topic: 'refused' });
    if (e.kind === 'bad_request' || e.kind === 'thread_missing' || e.kind === 'topic_closed') {
      const n = (failures.get(laneId) ?? 0) + 1;
      failures.set(laneId, n);
      if (n < 3) return;
      failures.delete(laneId);
      counters.dropped += count;
      logger.error({ lane: laneId.slice(0, 2), items: count, problem: e.message }, 'handover: staff message dropped');
      return store.settle(laneId, count);
    }
    backoffMs = Math.min(60_000, Math.max(1000, backoffMs * 2));
    logger.warn({ kind: e.kind, problem: e.message, waitMs: backoffMs }, 'handover: staff group unreachable, waiting');
  }

  async function step(): Promise<boolean> {
    if (!(await holdLease())) return false;
    const next = await nextReady();
    if (!next) return false;
    const { laneId, items } = next;
    const conv = convOfLane(laneId);
    const { count, op } = planBatch(items, ops.rulesFor(conv));
    try {
      if (op.kind === 'case') await ops.runCaseOp(op.item);
      else if (conv) await ops.runConvOp(conv, op);
      else if (op.kind === 'text') await ops.sendLong(op.lines.join('\n'), threadOfLane(laneId));
      await store.settle(laneId, count);
      failures.delete(laneId);
      backoffMs = 0;
      counters.batches++;
      if (op.kind === 'text') counters.batchedLines += op.lines.length;
    } catch (err) {
      await handleFailure(laneId, conv, count, err);
    }
    return true;
  }

  async function run(): Promise<void> {
    while (running) {
      busy = true;
      let worked = false;
      try {
        worked = await step();
      } catch (err) {
        logger.error({ err }, 'handover: outbox pump error');
        backoffMs = Math.min(60_000, Math.max(1000, backoffMs * 2));
      } finally {
        busy = false;
      }
      if (!running) break;
      if (backoffMs > 0) await sleep(backoffMs);
      else if (!worked) await sleep(pollMs);
    }
    if (leaseUntil > 0) await redis.eval(RENEW, 1, deps.leaseKey, token, 1).catch(() => undefined);
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    kick: () => wake?.(),
    async whenIdle(timeoutMs) {
      const deadline = clock() + timeoutMs;
      while (clock() < deadline) {
        if (!busy && (await store.pendingLanes()) === 0) return true;
        await new Promise((r) => setTimeout(r, 5));
      }
      return false;
    },
    counters: () => ({ ...counters }),
  };
}
