/**
 * What the scenarios check in Redis afterwards: the stored cases (each exactly once, each with
 * its reporter), the queue and spool, and every stored session still parsing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { complaintKeys, QUEUE_NAME } from '../../../src/complaints/complaint-keys.js';
import { parseSession } from '../../../src/engine/session.js';
import { sleep } from './fault-redis.js';

export interface StoredCase {
  id: string;
  ticket: string;
  userId: string | null;
  historyLength: number;
}

export interface CaseCensus {
  cases: StoredCase[];
  byTicket: Map<string, StoredCase[]>;
  /** Sum of the per-day statistics counters: one per case creation. */
  statsTotal: number;
}

export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

export async function censusOfCases(redis: Redis, prefix: string): Promise<CaseCensus> {
  const keys = complaintKeys(prefix);
  const caseKeys = await scanKeys(redis, keys.case('*'));
  const cases: StoredCase[] = [];
  for (let i = 0; i < caseKeys.length; i += 200) {
    const batch = caseKeys.slice(i, i + 200);
    const p = redis.pipeline();
    for (const k of batch) {
      p.hmget(k, 'id', 'ticket', 'reporter');
      p.llen(keys.history(k.slice(k.lastIndexOf(':') + 1)));
    }
    const res = (await p.exec()) ?? [];
    for (let j = 0; j < batch.length; j++) {
      const [id, ticket, reporter] = (res[j * 2]?.[1] as (string | null)[]) ?? [];
      let userId: string | null = null;
      try {
        userId = reporter ? ((JSON.parse(reporter) as { userId?: string }).userId ?? null) : null;
      } catch {
        userId = null;
      }
      cases.push({ id: id ?? '', ticket: ticket ?? '', userId, historyLength: Number(res[j * 2 + 1]?.[1] ?? 0) });
    }
  }
  const byTicket = new Map<string, StoredCase[]>();
  for (const c of cases) byTicket.set(c.ticket, [...(byTicket.get(c.ticket) ?? []), c]);
  let statsTotal = 0;
  for (const k of await scanKeys(redis, keys.stats('*'))) {
    for (const v of Object.values(await redis.hgetall(k))) statsTotal += Number(v);
  }
  return { cases, byTicket, statsTotal };
}

/** Cases stored more than once: two records for a ticket, a history longer than one entry, extra statistics. */
export function duplicatesIn(census: CaseCensus): number {
  let dup = 0;
  for (const list of census.byTicket.values()) dup += Math.max(0, list.length - 1);
  for (const c of census.cases) dup += Math.max(0, c.historyLength - 1);
  dup += Math.max(0, census.statsTotal - census.cases.length);
  return dup;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  failed: number;
  completed: number;
}

export async function queueCounts(url: string, queuePrefix: string): Promise<QueueCounts> {
  const queue = new Queue(QUEUE_NAME, { connection: { url, maxRetriesPerRequest: 3 }, prefix: queuePrefix });
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      prioritized: c.prioritized ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    };
  } finally {
    await queue.close();
  }
}

/** Jobs a stalled check took back from a dead worker (BullMQ's `stc` counter on the job hash). */
export async function stalledJobs(redis: Redis, queuePrefix: string, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const p = redis.pipeline();
    for (const id of ids.slice(i, i + 500)) p.hget(`${queuePrefix}:${QUEUE_NAME}:${id}`, 'stc');
    for (const [, v] of (await p.exec()) ?? []) if (Number(v ?? 0) > 0) n += 1;
  }
  return n;
}

export async function jobExists(redis: Redis, queuePrefix: string, jobId: string): Promise<boolean> {
  return (await redis.exists(`${queuePrefix}:${QUEUE_NAME}:${jobId}`)) === 1;
}

/** Waits until nothing is waiting, active or delayed, and the spool is empty; false on timeout. */
export async function waitForDrain(
  url: string,
  queuePrefix: string,
  spoolDirs: string[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const c = await queueCounts(url, queuePrefix).catch(() => null);
    const busy = c ? c.waiting + c.active + c.delayed + c.prioritized : 1;
    if (busy === 0 && spoolDirs.every((d) => spooledLines(d).length === 0)) return true;
    await sleep(250);
  }
  return false;
}

/** Complaint lines waiting in a spool folder (active and claimed files). */
export function spooledLines(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^(spool|replay)-.*\.jsonl$/.test(n));
  } catch {
    return [];
  }
  return names.flatMap((n) =>
    readFileSync(join(dir, n), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
}

export interface SessionCensus {
  total: number;
  unparseable: { key: string; problem: string }[];
}

export async function censusOfSessions(redis: Redis, prefix: string): Promise<SessionCensus> {
  const keys = await scanKeys(redis, `${prefix}:conv:*:session`);
  const unparseable: SessionCensus['unparseable'] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const values = await redis.mget(...batch);
    values.forEach((raw, j) => {
      if (raw === null) return;
      const parsed = parseSession(raw);
      if (!parsed.ok) unparseable.push({ key: batch[j] ?? '', problem: parsed.problem });
    });
  }
  return { total: keys.length, unparseable };
}
