/**
 * Makes the referral case file of one case (`npm run cases -- pack`, `/berkas` in the staff
 * group): reads the case and its events, builds the content, signs it, renders the PDF, and
 * writes the export to the audit stream `<REDIS_PREFIX>:audit` before handing the file out;
 * when the audit cannot be written there is no file.
 */
import { createHash } from 'node:crypto';
import type { DeadlinePolicy } from '../complaints/case-deadlines.js';
import { readEvents } from '../complaints/case-events.js';
import { readCase } from '../complaints/case-records.js';
import { normalizeTicket } from '../complaints/complaint-ids.js';
import { complaintKeys } from '../complaints/complaint-keys.js';
import type { RedisClient } from '../redis.js';
import { buildCaseFileContent, signCaseFile, type Translate } from './case-file-content.js';
import { renderCaseFilePdf } from './case-file-pdf.js';
import type { Checklist } from './referral-checklist.js';

export interface PackDeps {
  redis: RedisClient;
  prefix: string;
  checklist: Checklist;
  deadlines?: DeadlinePolicy;
  timeZone: string;
  /** Texts in the file's language (full keys). */
  t: Translate;
  lang: 'id' | 'en';
  /** CASE_FILE_SECRET; without it the file says it is unsigned. */
  secret?: string | undefined;
  now?: () => number;
}

export interface PackRequest {
  ticket: string;
  withPersonal: boolean;
  /** Who made it: an operator name, or `telegram:<staff id>`. */
  operator: string;
  /** `cli` or `staff_console`. */
  via: string;
}

export type PackResult =
  | { result: 'ok'; ticket: string; pdf: Buffer; signature: string | null; sha256: string; events: number }
  | { result: 'missing' };

export async function packCase(deps: PackDeps, req: PackRequest): Promise<PackResult> {
  const { redis } = deps;
  const keys = complaintKeys(deps.prefix);
  const now = (deps.now ?? Date.now)();
  const ticket = normalizeTicket(req.ticket);
  const id = ticket ? await redis.get(keys.ticket(ticket)) : null;
  const record = id ? await readCase(redis, keys, id) : null;
  if (!ticket || !id || !record) return { result: 'missing' };
  const events = await readEvents(redis, keys, id);
  const c = record.complaint;
  const deadline = deps.deadlines?.deadlineOf({ ...c, status: record.status, since: record.updatedAt }) ?? null;
  const content = buildCaseFileContent(record, events, deps.checklist, {
    withPersonal: req.withPersonal,
    timeZone: deps.timeZone,
    lang: deps.lang,
    t: deps.t,
    now,
    deadline,
  });
  const signature = deps.secret ? signCaseFile(content, deps.secret) : null;
  const pdf = await renderCaseFilePdf(content, { t: deps.t, signature, createdAt: new Date(now) });
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  // Every file is recorded, personal or not: a referral is a disclosure to a third party.
  await redis.xadd(
    `${deps.prefix}:audit`,
    'MAXLEN',
    '~',
    '100000',
    '*',
    ...Object.entries({
      at: new Date(now).toISOString(),
      command: 'pack',
      via: req.via,
      operator: req.operator,
      ticket,
      personal: String(req.withPersonal),
      signature: signature ?? 'unsigned',
      sha256,
    }).flat(),
  );
  return { result: 'ok', ticket, pdf, signature, sha256, events: events.length };
}
