/**
 * Reads a registry CSV (contract header `name,licence_no,status,valid_until,address,province`)
 * into validated records plus the rejected rows with their line numbers. A file that cannot be
 * read as such a CSV at all is one error value with one clear line.
 */
import { parse } from 'csv-parse/sync';
import { AGENCY_CSV_COLUMNS, type AgencyRecord, agencyRowSchema, rowToRecord } from './agency-schema.js';

export interface RejectedRow {
  /** 1-based line in the file. */
  line: number;
  reason: string;
}

export type AgencyCsvResult =
  | {
      ok: true;
      records: AgencyRecord[];
      rejected: RejectedRow[];
      /** Data rows seen (loaded + rejected). */
      dataRows: number;
      /** A leading `# ... sample ...` comment marks the file as fictional demo data. */
      sampleMarked: boolean;
    }
  | { ok: false; error: string };

const MAX_ROWS = 200_000;
const MAX_LINES_PER_RECORD = 5;

export function parseAgencyCsv(input: Buffer | string): AgencyCsvResult {
  const decoded = decode(input);
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };

  const leadingComments = text.match(/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/)?.[0] ?? '';
  const sampleMarked = /^[ \t]*#.*\bsample\b/im.test(leadingComments);

  // Each record is parsed on its own, so one broken quote costs that row only and every
  // report names the right line.
  const rejected: RejectedRow[] = [];
  const rows: { record: string[]; line: number }[] = [];
  // Without quotes a CSV line is just its commas; the parser is for the quoted ones.
  const parseOne = (raw: string): string[] | undefined =>
    raw.includes('"')
      ? (parse(raw, { relax_quotes: true, relax_column_count: true }) as string[][])[0]
      : raw.split(',');
  const fits = (raw: string): boolean => {
    try {
      const record = parseOne(raw);
      return record !== undefined && (rows.length === 0 || record.length === rows[0]!.record.length);
    } catch {
      return false;
    }
  };
  for (const { raw, line } of logicalRecords(text, fits)) {
    try {
      const record = parseOne(raw);
      if (record) rows.push({ record, line });
    } catch (err) {
      if (rows.length === 0) return { ok: false, error: `the header line is not valid CSV: ${csvReason(err)}` };
      rejected.push({ line, reason: csvReason(err) });
    }
  }

  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return { ok: false, error: 'the file has no header line' };
  const header = headerRow.record.map((h) => h.trim().toLowerCase());
  const headerProblem = checkHeader(header);
  if (headerProblem) return { ok: false, error: headerProblem };
  if (dataRows.length > MAX_ROWS) return { ok: false, error: `too many rows (${dataRows.length}, limit ${MAX_ROWS})` };

  const records: AgencyRecord[] = [];
  const firstLineOfLicence = new Map<string, number>();
  for (const { record, line } of dataRows) {
    if (record.length !== header.length) {
      rejected.push({ line, reason: `expected ${header.length} columns, got ${record.length}` });
      continue;
    }
    const raw = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
    const parsed = agencyRowSchema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
      rejected.push({ line, reason });
      continue;
    }
    const rec = rowToRecord(parsed.data);
    const first = firstLineOfLicence.get(rec.licenceKey);
    if (first !== undefined) {
      rejected.push({ line, reason: `licence_no: duplicate of line ${first}` });
      continue;
    }
    firstLineOfLicence.set(rec.licenceKey, line);
    records.push(rec);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { ok: true, records, rejected, dataRows: records.length + rejected.length, sampleMarked };
}

function decode(input: Buffer | string): { ok: true; text: string } | { ok: false; error: string } {
  if (typeof input === 'string') return { ok: true, text: input.replace(/^\uFEFF/, '') };
  if (input.length === 0) return { ok: false, error: 'the file is empty' };
  if (input.subarray(0, 65_536).includes(0)) return { ok: false, error: 'not a text file (binary data)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(input).replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, error: 'not UTF-8 text (save the CSV as UTF-8)' };
  }
}

function checkHeader(header: string[]): string | null {
  const expected: readonly string[] = AGENCY_CSV_COLUMNS;
  const missing = expected.filter((c) => !header.includes(c));
  const unexpected = header.filter((c) => !expected.includes(c));
  const duplicated = header.filter((c, i) => header.indexOf(c) !== i);
  if (missing.length === 0 && unexpected.length === 0 && duplicated.length === 0) return null;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected ${unexpected.map((c) => JSON.stringify(c.slice(0, 40))).join(', ')}` : '',
    duplicated.length ? `repeated ${duplicated.join(', ')}` : '',
  ].filter(Boolean);
  return `wrong header: expected ${expected.join(',')} (${parts.join('; ')})`;
}

/**
 * Physical lines joined into CSV records (a quoted field may hold a line break), skipping blank
 * and `#` comment lines. A line with an open quote takes the following lines only when that
 * makes a complete record with the right number of columns; otherwise it stands alone, so the
 * parser rejects it and the next line starts fresh.
 */
function* logicalRecords(text: string, fits: (raw: string) => boolean): Generator<{ raw: string; line: number }> {
  const lines = text.split(/\r?\n/);
  const quotes = (s: string) => s.split('"').length - 1;
  let i = 0;
  while (i < lines.length) {
    const start = i;
    const first = lines[i]!;
    i++;
    if (first.trim() === '' || first.trimStart().startsWith('#')) continue;
    if (quotes(first) % 2 === 1) {
      let raw = first;
      for (let k = start + 1; k < lines.length && k - start < MAX_LINES_PER_RECORD; k++) {
        raw += `\n${lines[k]}`;
        if (quotes(raw) % 2 === 0 && fits(raw)) {
          i = k + 1;
          yield { raw, line: start + 1 };
          break;
        }
      }
      if (i !== start + 1) continue;
    }
    yield { raw: first, line: start + 1 };
  }
}

function csvReason(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code.includes('QUOTE')) return 'malformed quotes';
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/[:.]/)[0]?.slice(0, 120) ?? 'unreadable';
}
