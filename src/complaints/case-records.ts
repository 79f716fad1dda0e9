/**
 * Writing and reading case records in Redis. Creation is one Lua script, so a worker killed
 * and retried at any point makes the case exactly once, and never touches a case whose status
 * staff have already changed.
 */
import type { RedisClient } from '../redis.js';
import type { ComplaintKeys } from './complaint-keys.js';
import {
  type CaseRecord,
  type CaseStatus,
  type ComplaintJob,
  caseStatusSchema,
  complaintJobSchema,
  type ReporterRecord,
  reporterRecordSchema,
  type StatusEntry,
  statusEntrySchema,
} from './complaint-schema.js';
import { luaScript } from './lua-script.js';

/**
 * KEYS: case, history, pending, ticket index, stats, totals. ARGV: id, ticket, complaint JSON,
 * now, first history entry, stats field, totals field. Returns {created 0|1, ticket collision
 * 0|1, notifiedAt, webhookAt}.
 */
const CREATE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('DEL', KEYS[3])
  return {0, 0, redis.call('HGET', KEYS[1], 'notifiedAt') or '', redis.call('HGET', KEYS[1], 'webhookAt') or ''}
end
local reporter = redis.call('GET', KEYS[3]) or ''
local owner = redis.call('GET', KEYS[4])
local collision = 0
if not owner then redis.call('SET', KEYS[4], ARGV[1]) elseif owner ~= ARGV[1] then collision = 1 end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'ticket', ARGV[2], 'status', 'received', 'data', ARGV[3],
  'reporter', reporter, 'storedAt', ARGV[4], 'updatedAt', ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('HINCRBY', KEYS[5], ARGV[6], 1)
redis.call('HINCRBY', KEYS[6], ARGV[7], 1)
redis.call('DEL', KEYS[3])
return {1, collision, '', ''}`);

/** KEYS: case, history. ARGV: status, entry JSON, now. Returns {0 missing | 1 changed | 2 unchanged, previous}. */
const SET_STATUS = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, ''} end
local prev = redis.call('HGET', KEYS[1], 'status')
if prev == ARGV[1] then return {2, prev} end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updatedAt', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[2])
return {1, prev}`);

export interface CreateResult {
  created: boolean;
  /** The ticket index already pointed at another complaint (random collision): staff must know. */
  collision: boolean;
  notifiedAt: string | null;
  webhookAt: string | null;
}

export async function createCase(
  redis: RedisClient,
  keys: ComplaintKeys,
  complaint: ComplaintJob,
  nowIso: string,
): Promise<CreateResult> {
  const entry: StatusEntry = { status: 'received', at: nowIso };
  const raw = (await CREATE.run(
    redis,
    [
      keys.case(complaint.id),
      keys.history(complaint.id),
      keys.pending(complaint.ticket),
      keys.ticket(complaint.ticket),
      keys.stats(nowIso.slice(0, 10)),
      keys.totals(),
    ],
    [
      complaint.id,
      complaint.ticket,
      JSON.stringify(complaint),
      nowIso,
      JSON.stringify(entry),
      `${complaint.category}|${complaint.country}`,
      `${complaint.category}|${complaint.country}|${complaint.urgent ? 1 : 0}`,
    ],
  )) as [number, number, string, string];
  return {
    created: Number(raw[0]) === 1,
    collision: Number(raw[1]) === 1,
    notifiedAt: raw[2] ? String(raw[2]) : null,
    webhookAt: raw[3] ? String(raw[3]) : null,
  };
}

/** Records that a side effect (staff notice, webhook) was done, so a retry does not repeat it. */
export async function markCase(
  redis: RedisClient,
  keys: ComplaintKeys,
  id: string,
  field: 'notifiedAt' | 'webhookAt',
  at: string,
) {
  await redis.hset(keys.case(id), field, at);
}

/** Records when staff first took the case's conversation (the first time only). */
export async function markTaken(redis: RedisClient, keys: ComplaintKeys, id: string, at: string): Promise<boolean> {
  return (await redis.hsetnx(keys.case(id), 'takenAt', at)) === 1;
}

export type StatusChange = { result: 'changed'; previous: CaseStatus } | { result: 'unchanged' | 'missing' };

export async function changeStatus(
  redis: RedisClient,
  keys: ComplaintKeys,
  id: string,
  entry: StatusEntry,
): Promise<StatusChange> {
  const raw = (await SET_STATUS.run(
    redis,
    [keys.case(id), keys.history(id)],
    [entry.status, JSON.stringify(entry), entry.at],
  )) as [number, string];
  const code = Number(raw[0]);
  if (code === 0) return { result: 'missing' };
  if (code === 2) return { result: 'unchanged' };
  return { result: 'changed', previous: caseStatusSchema.catch('received').parse(raw[1]) };
}

export async function readCase(redis: RedisClient, keys: ComplaintKeys, id: string): Promise<CaseRecord | null> {
  const [hash, history] = await Promise.all([redis.hgetall(keys.case(id)), redis.lrange(keys.history(id), 0, -1)]);
  if (!hash?.id) return null;
  const complaint = complaintJobSchema.parse(JSON.parse(hash.data ?? 'null'));
  return {
    id: hash.id,
    ticket: hash.ticket ?? complaint.ticket,
    status: caseStatusSchema.parse(hash.status),
    complaint,
    reporter: parseReporter(hash.reporter),
    history: history.flatMap((h) => {
      const parsed = statusEntrySchema.safeParse(safeJson(h));
      return parsed.success ? [parsed.data] : [];
    }),
    storedAt: hash.storedAt ?? '',
    updatedAt: hash.updatedAt ?? '',
    ...(hash.takenAt ? { takenAt: hash.takenAt } : {}),
  };
}

export function parseReporter(raw: string | null | undefined): ReporterRecord | null {
  if (!raw) return null;
  const parsed = reporterRecordSchema.safeParse(safeJson(raw));
  return parsed.success ? parsed.data : null;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
