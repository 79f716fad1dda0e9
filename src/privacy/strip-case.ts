/**
 * Removing the personal fields of a complaint case while keeping its anonymous statistics
 * (category, country, dates, status, reporter kind, urgency, channel, language). Used by
 * "hapus data saya" and by the retention job.
 *
 * The stripped record still parses with the complaint schema (placeholders instead of
 * deleting required fields), so case lookups, exports and staff tools keep working. Each
 * write touches one key, so it also works on a Redis Cluster.
 */
import { parseReporter } from '../complaints/case-records.js';
import type { ComplaintKeys } from '../complaints/complaint-keys.js';
import { type ComplaintJob, complaintJobSchema, type ReporterRecord } from '../complaints/complaint-schema.js';
import type { RedisClient } from '../redis.js';

/** Stands in for the description after erasure. */
export const ERASED_TEXT = '[erased]';

export type ErasedBy = 'user' | 'retention';

/** The complaint without personal fields; still a valid `ComplaintJob`. */
export function anonymiseComplaint(c: ComplaintJob): ComplaintJob {
  const { agencyName: _a, employerName: _e, ...rest } = c;
  return { ...rest, description: ERASED_TEXT, attachments: [], contact: { method: 'this_chat' } };
}

export function isAnonymised(c: ComplaintJob): boolean {
  return (
    c.description === ERASED_TEXT &&
    c.attachments.length === 0 &&
    c.agencyName === undefined &&
    c.employerName === undefined &&
    c.contact.value === undefined &&
    c.contact.safeTime === undefined
  );
}

/** Drops staff notes (they may quote the user) from every history entry, atomically on one key. */
const STRIP_HISTORY = `
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
local changed = 0
for i, raw in ipairs(entries) do
  local ok, entry = pcall(cjson.decode, raw)
  if ok and type(entry) == 'table' and entry['note'] ~= nil then
    entry['note'] = nil
    redis.call('LSET', KEYS[1], i - 1, cjson.encode(entry))
    changed = changed + 1
  end
end
return changed`;

export type StripOutcome = { result: 'stripped' | 'already'; reporter: ReporterRecord | null } | { result: 'missing' };

/**
 * Strips one case: data anonymised, reporter (chat identity, PIN) removed, notes dropped, the
 * ticket taken out of the reporter's chat index. Idempotent.
 */
export async function stripCase(
  redis: RedisClient,
  keys: ComplaintKeys,
  id: string,
  by: ErasedBy,
  nowIso: string,
): Promise<StripOutcome> {
  const hash = await redis.hgetall(keys.case(id));
  if (!hash?.id) return { result: 'missing' };
  const parsed = complaintJobSchema.safeParse(safeJson(hash.data));
  const reporter = parseReporter(hash.reporter);
  const notes = Number(await redis.eval(STRIP_HISTORY, 1, keys.history(id)));
  // Staff requests and the worker's answers may quote the worker: they go whole.
  const events = await redis.del(keys.events(id));
  if (parsed.success && isAnonymised(parsed.data) && !hash.reporter && notes === 0 && events === 0 && hash.erasedAt) {
    return { result: 'already', reporter: null };
  }
  const marks = { reporter: '', erasedAt: hash.erasedAt || nowIso, erasedBy: hash.erasedBy || by };
  if (parsed.success) {
    await redis.hset(keys.case(id), { ...marks, data: JSON.stringify(anonymiseComplaint(parsed.data)) });
  } else {
    // Unreadable data may still hold personal text: it goes, even though the case cannot be shown.
    await redis.hset(keys.case(id), marks);
    await redis.hdel(keys.case(id), 'data');
  }
  if (reporter) await redis.srem(keys.user(reporter.channel, reporter.userId), reporter.ticket);
  return { result: 'stripped', reporter };
}

function safeJson(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw ?? 'null');
  } catch {
    return null;
  }
}
