/**
 * The complaint contract (architecture page, "Complaints"): the job payload on the BullMQ
 * queue `complaints`, and the records kept next to it in Redis and in the spool. zod is the
 * single source of truth; every boundary (queue job, Redis record, spool line) parses with it.
 */
import { z } from 'zod';
import { channelSchema, mediaKindSchema } from '../core/messages.js';
import { type ComplaintCategory, complaintCategorySchema, URGENT_CATEGORIES } from '../core/vocabulary.js';

export {
  COMPLAINT_CATEGORIES,
  type ComplaintCategory,
  complaintCategorySchema,
  URGENT_CATEGORIES,
} from '../core/vocabulary.js';

export const CASE_STATUSES = ['received', 'in_review', 'referred', 'resolved', 'closed'] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const reporterSchema = z.enum(['self', 'family', 'other']);
export type Reporter = z.infer<typeof reporterSchema>;

/** `cmp-<uuid v4>`: no ':' and never all digits, as BullMQ requires of a jobId. */
export const complaintIdSchema = z
  .string()
  .regex(/^cmp-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

/** `ADU-` + 8 Crockford base32 characters (no I, L, O, U). */
export const ticketSchema = z.string().regex(/^ADU-[0-9A-HJKMNP-TV-Z]{8}$/);

/** A piece of evidence: a reference to media the channel holds, never the bytes or a URL with a token. */
export const attachmentSchema = z.strictObject({
  kind: mediaKindSchema,
  ref: z.string().min(1).max(512),
  channel: channelSchema,
  mimeType: z.string().max(200).optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/**
 * How staff may reach the reporter safely: in this chat, on another number, or in this chat
 * only at a safe time (the employer may read the phone).
 */
export const contactSchema = z.strictObject({
  method: z.enum(['this_chat', 'other_number', 'safe_time']),
  /** The other number, when `method` is `other_number`. */
  value: z.string().min(3).max(40).optional(),
  /** Free text such as "after 21:00 Taiwan time". */
  safeTime: z.string().min(1).max(200).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** The job payload on the queue `complaints` (contract). No chat id: that stays on the case record. */
export const complaintJobSchema = z.strictObject({
  id: complaintIdSchema,
  ticket: ticketSchema,
  /** ISO 8601 timestamp of the confirmation. */
  createdAt: z.iso.datetime(),
  channel: channelSchema,
  language: z.enum(['id', 'en']),
  reporter: reporterSchema,
  category: complaintCategorySchema,
  /** ISO 3166 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/),
  description: text(4000),
  agencyName: text(200).optional(),
  employerName: text(200).optional(),
  attachments: z.array(attachmentSchema).max(20),
  contact: contactSchema,
  consent: z.literal(true),
  urgent: z.boolean(),
});
export type ComplaintJob = z.infer<typeof complaintJobSchema>;

/**
 * Who filed the complaint and how to prove it later: written at submit time (to Redis, or in
 * the spool line) and moved onto the case record by the worker. Kept out of the job payload
 * so the queue (whose failed jobs are kept until an operator clears them) holds no chat id.
 */
export const reporterRecordSchema = z.strictObject({
  id: complaintIdSchema,
  ticket: ticketSchema,
  channel: channelSchema,
  userId: z.string().min(1).max(200),
  lang: z.enum(['id', 'en']),
  /** hex sha256(salt | pin); see complaint-ids.ts for why not scrypt. */
  pinHash: z.string().regex(/^[0-9a-f]{64}$/),
  pinSalt: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.iso.datetime(),
  category: complaintCategorySchema,
});
export type ReporterRecord = z.infer<typeof reporterRecordSchema>;

/** One line of the spool file: everything needed to queue the complaint later. */
export const spoolLineSchema = z.strictObject({
  v: z.literal(1),
  complaint: complaintJobSchema,
  reporter: reporterRecordSchema,
});
export type SpoolLine = z.infer<typeof spoolLineSchema>;

export const statusEntrySchema = z.strictObject({
  status: caseStatusSchema,
  /** ISO timestamp. */
  at: z.string(),
  by: z.string().max(100).optional(),
  note: z.string().max(1000).optional(),
});
export type StatusEntry = z.infer<typeof statusEntrySchema>;

/** The case record as the case store returns it. */
export interface CaseRecord {
  id: string;
  ticket: string;
  status: CaseStatus;
  complaint: ComplaintJob;
  /** Missing only if the reporter record was lost before the worker ran (then no one can check by chat or PIN). */
  reporter: ReporterRecord | null;
  history: StatusEntry[];
  storedAt: string;
  updatedAt: string;
  /** When staff took the conversation this case came from (ISO), if they did. */
  takenAt?: string;
}

/** What staff are told about a new case: pseudonymous, no names, no text. */
export interface CaseSummary {
  id: string;
  ticket: string;
  category: ComplaintCategory;
  country: string;
  urgent: boolean;
  reporter: Reporter;
  channel: string;
  language: 'id' | 'en';
  attachments: number;
  createdAt: string;
}

export function isUrgentCategory(category: string): boolean {
  return (URGENT_CATEGORIES as readonly string[]).includes(category);
}

/** Short readable list of zod issues without values (values may be personal). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
    .join('; ');
}
