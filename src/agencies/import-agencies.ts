/**
 * One registry import: parse and validate the CSV, refuse a file that is mostly bad, else
 * publish it as the new registry version. The outcome is a value the CLI and the scheduled
 * refresh both report.
 */
import type { RegistryMeta } from './agency-schema.js';
import type { AgencyStore } from './agency-store.js';
import { parseAgencyCsv, type RejectedRow } from './parse-agency-csv.js';

export interface ImportOptions {
  /** YYYY-MM-DD: when the source data was taken. */
  sourceDate: string;
  /** Fictional demo data; a leading `# ... sample ...` comment in the file sets it too. */
  sample?: boolean;
  /** File base name or URL host, kept with the registry for operators. */
  source?: string;
}

export type ImportReport =
  | { status: 'imported'; loaded: number; rejected: RejectedRow[]; meta: RegistryMeta }
  | { status: 'refused'; loaded: number; rejected: RejectedRow[]; reason: string }
  | { status: 'invalid-file'; reason: string };

export async function importAgencies(
  store: AgencyStore,
  input: Buffer | string,
  options: ImportOptions,
): Promise<ImportReport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.sourceDate)) {
    return { status: 'invalid-file', reason: `source date must be YYYY-MM-DD, got ${options.sourceDate}` };
  }
  const parsed = parseAgencyCsv(input);
  if (!parsed.ok) return { status: 'invalid-file', reason: parsed.error };
  const { records, rejected, dataRows } = parsed;
  if (dataRows === 0) return { status: 'invalid-file', reason: 'the file has a header but no rows' };
  if (records.length === 0 || rejected.length > records.length) {
    return {
      status: 'refused',
      loaded: records.length,
      rejected,
      reason: `most rows are invalid (${rejected.length} of ${dataRows}); the registry was not changed`,
    };
  }
  const meta = await store.publish({
    records,
    sourceDate: options.sourceDate,
    sample: options.sample === true || parsed.sampleMarked,
    ...(options.source ? { source: options.source } : {}),
  });
  return { status: 'imported', loaded: records.length, rejected, meta };
}
