/**
 * Reading complaint cases for supervisors (`npm run cases`): filter, list, show, CSV. Personal
 * fields (the story, names, contact, the chat identity, staff notes) appear only when the
 * caller asks with `withPersonal`; the CLI requires an explicit flag and records an audit entry.
 */
import { readCase } from '../complaints/case-records.js';
import { complaintKeys } from '../complaints/complaint-keys.js';
import type { CaseRecord, CaseStatus, ComplaintCategory } from '../complaints/complaint-schema.js';
import type { RedisClient } from '../redis.js';
import { scanKeys } from './scan-keys.js';
import { ERASED_TEXT } from './strip-case.js';

export interface CaseFilter {
  /** Inclusive ISO dates (YYYY-MM-DD) on the complaint's creation date (UTC). */
  from?: string;
  to?: string;
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
    for (const key of batch) {
      try {
        const record = await readCase(redis, keys, key.slice(base.length));
        if (record && matches(record, filter)) cases.push(record);
      } catch (err) {
        problems.push({ key, problem: (err as Error).name });
      }
    }
  }
  cases.sort((a, b) => a.complaint.createdAt.localeCompare(b.complaint.createdAt));
  return { cases, problems };
}

export function matches(record: CaseRecord, f: CaseFilter): boolean {
  const day = record.complaint.createdAt.slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.category && record.complaint.category !== f.category) return false;
  if (f.country && record.complaint.country !== f.country.toUpperCase()) return false;
  if (f.status && record.status !== f.status) return false;
  return true;
}

const ANONYMOUS_COLUMNS = [
  'ticket',
  'created_at',
  'updated_at',
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

function row(r: CaseRecord, withPersonal: boolean): Record<string, string | number | boolean> {
  const c = r.complaint;
  const base = {
    ticket: r.ticket,
    created_at: c.createdAt,
    updated_at: r.updatedAt,
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

export function toCsv(records: CaseRecord[], withPersonal: boolean): string {
  const columns = csvColumns(withPersonal);
  const lines = [columns.join(',')];
  for (const r of records) {
    const values = row(r, withPersonal);
    lines.push(columns.map((col) => csvCell(values[col] ?? '')).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A readable block for `cases show`. */
export function formatCase(r: CaseRecord, withPersonal: boolean): string {
  const values = row(r, withPersonal);
  const out = Object.entries(values).map(([k, v]) => `${k.padEnd(22)} ${String(v).replace(/\n/g, '\n'.padEnd(24))}`);
  out.push('history');
  for (const h of r.history) {
    const note = withPersonal && h.note ? `  note: ${h.note}` : '';
    out.push(`  ${h.at}  ${h.status}${h.by ? `  by ${h.by}` : ''}${note}`);
  }
  return `${out.join('\n')}\n`;
}
