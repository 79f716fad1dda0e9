/**
 * Reading complaint cases for supervisors (`npm run cases`): filter, list, show, CSV. Personal
 * fields (the story, names, contact, the chat identity, staff notes) appear only when the
 * caller asks with `withPersonal`; the CLI requires an explicit flag and records an audit entry.
 */
import { readCase } from '../complaints/case-records.js';
import { complaintKeys } from '../complaints/complaint-keys.js';
import type { CaseRecord, CaseStatus, ComplaintCategory } from '../complaints/complaint-schema.js';
import type { RedisClient } from '../redis.js';
import { zonedDay, zonedIso } from '../zoned-time.js';
import { scanKeys } from './scan-keys.js';
import { ERASED_TEXT } from './strip-case.js';

export interface CaseFilter {
  /** Inclusive ISO dates (YYYY-MM-DD) on the complaint's creation date in `timeZone`. */
  from?: string;
  to?: string;
  /** The hotline's time zone (HOTLINE_TIMEZONE); default UTC. */
  timeZone?: string;
  category?: ComplaintCategory;
  /** ISO 3166 alpha-2. */
  country?: string;
  status?: CaseStatus;
}

export interface ReadProblem {
  key: string;
  problem: string;
}

/** Every case matching the filter, oldest first; unreadable records are reported, not thrown. */
export async function findCases(
  redis: RedisClient,
  redisPrefix: string,
  filter: CaseFilter,
): Promise<{ cases: CaseRecord[]; problems: ReadProblem[] }> {
  const keys = complaintKeys(redisPrefix);
  const base = keys.case('');
  const cases: CaseRecord[] = [];
  const problems: ReadProblem[] = [];
  for await (const batch of scanKeys(redis, `${base}*`)) {
    // A SCAN batch read at once: the commands share round trips instead of waiting one by one.
    const read = await Promise.all(
      batch.map((key) =>
        readCase(redis, keys, key.slice(base.length)).then(
          (record) => ({ key, record }),
          (err: unknown) => ({ key, error: (err as Error).name }),
        ),
      ),
    );
    for (const r of read) {
      if ('error' in r) problems.push({ key: r.key, problem: r.error });
      else if (r.record && matches(r.record, filter)) cases.push(r.record);
    }
  }
  cases.sort((a, b) => a.complaint.createdAt.localeCompare(b.complaint.createdAt));
  return { cases, problems };
}

export function matches(record: CaseRecord, f: CaseFilter): boolean {
  const day = zonedDay(record.complaint.createdAt, f.timeZone ?? 'UTC');
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.category && record.complaint.category !== f.category) return false;
  if (f.country && record.complaint.country !== f.country.toUpperCase()) return false;
  if (f.status && record.status !== f.status) return false;
  return true;
}

/** When staff first acted on the case: took its conversation, or moved it on from `received`. */
export function takenAtOf(r: CaseRecord): string | undefined {
  const moved = r.history.find((h) => h.status !== 'received')?.at;
  const times = [r.takenAt, moved].filter((t): t is string => Boolean(t)).sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0];
}

const DONE = new Set(['resolved', 'closed']);

/** When the case reached `resolved` or `closed` for the last time; none while it is open. */
export function closedAtOf(r: CaseRecord): string | undefined {
  if (!DONE.has(r.status)) return undefined;
  let at: string | undefined;
  for (let i = r.history.length - 1; i >= 0; i--) {
    const h = r.history[i];
    if (!h || !DONE.has(h.status)) break;
    at = h.at;
  }
  return at ?? r.updatedAt;
}

const ANONYMOUS_COLUMNS = [
  'ticket',
  'created_at',
  'updated_at',
  'taken_at',
  'closed_at',
  'status',
  'category',
  'country',
  'reporter',
  'urgent',
  'channel',
  'language',
  'attachments',
  'personal_data_erased',
] as const;

const PERSONAL_COLUMNS = [
  'description',
  'agency_name',
  'employer_name',
  'contact_method',
  'contact_value',
  'contact_safe_time',
  'reporter_user_id',
] as const;

export function csvColumns(withPersonal: boolean): string[] {
  return withPersonal ? [...ANONYMOUS_COLUMNS, ...PERSONAL_COLUMNS] : [...ANONYMOUS_COLUMNS];
}

function row(r: CaseRecord, withPersonal: boolean, timeZone: string): Record<string, string | number | boolean> {
  const c = r.complaint;
  const time = (iso: string | undefined) => (iso ? zonedIso(iso, timeZone) : '');
  const base = {
    ticket: r.ticket,
    created_at: time(c.createdAt),
    updated_at: time(r.updatedAt),
    taken_at: time(takenAtOf(r)),
    closed_at: time(closedAtOf(r)),
    status: r.status,
    category: c.category,
    country: c.country,
    reporter: c.reporter,
    urgent: c.urgent,
    channel: c.channel,
    language: c.language,
    attachments: c.attachments.length,
    personal_data_erased: c.description === ERASED_TEXT,
  };
  if (!withPersonal) return base;
  return {
    ...base,
    description: c.description,
    agency_name: c.agencyName ?? '',
    employer_name: c.employerName ?? '',
    contact_method: c.contact.method,
    contact_value: c.contact.value ?? '',
    contact_safe_time: c.contact.safeTime ?? '',
    reporter_user_id: r.reporter ? `${r.reporter.channel}:${r.reporter.userId}` : '',
  };
}

/**
 * One CSV cell (RFC 4180). Text typed by users could start with `=`, `+`, `-` or `@`, which a
 * spreadsheet would run as a formula: such cells get a leading apostrophe.
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Excel reads a CSV without it as the local code page and garbles Indonesian names. */
export const UTF8_BOM = '\uFEFF';

/** The CSV for supervisors: UTF-8 with a BOM, CRLF lines, times as ISO 8601 in the hotline's zone. */
export function toCsv(records: CaseRecord[], withPersonal: boolean, timeZone = 'UTC'): string {
  const columns = csvColumns(withPersonal);
  const lines = [columns.join(',')];
  for (const r of records) {
    const values = row(r, withPersonal, timeZone);
    lines.push(columns.map((col) => csvCell(values[col] ?? '')).join(','));
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** A readable block for `cases show`. */
export function formatCase(r: CaseRecord, withPersonal: boolean, timeZone = 'UTC'): string {
  const values = row(r, withPersonal, timeZone);
  const out = Object.entries(values).map(([k, v]) => `${k.padEnd(22)} ${String(v).replace(/\n/g, '\n'.padEnd(24))}`);
  out.push('history');
  for (const h of r.history) {
    const note = withPersonal && h.note ? `  note: ${h.note}` : '';
    out.push(`  ${zonedIso(h.at, timeZone)}  ${h.status}${h.by ? `  by ${h.by}` : ''}${note}`);
  }
  return `${out.join('\n')}\n`;
}
