/**
 * The documents a referral partner needs, per complaint category (data/cases/referral-checklist.json),
 * and which of them the case already holds. Staff should not have to re-interview a worker to
 * learn what is missing: the case file lists it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CaseEvent } from '../complaints/case-events.js';
import { type ComplaintCategory, complaintCategorySchema } from '../complaints/complaint-schema.js';

export const CHECKLIST_FILE = 'data/cases/referral-checklist.json';

const documentSchema = z.strictObject({
  id: z.string().min(1),
  en: z.string().min(1),
  keywords: z.array(z.string().min(2)),
  /** The case file itself provides it (the chronology). */
  fromFile: z.boolean().optional(),
});

export const checklistSchema = z
  .object({
    version: z.literal(1),
    documents: z.record(z.string(), documentSchema),
    common: z.array(z.string()),
    categories: z.partialRecord(complaintCategorySchema, z.array(z.string())),
  })
  .superRefine((c, ctx) => {
    const named = [...c.common, ...Object.values(c.categories).flat()];
    for (const id of named) {
      if (!c.documents[id]) ctx.addIssue({ code: 'custom', message: `unknown document ${id}`, path: ['documents'] });
    }
  });
export type Checklist = z.infer<typeof checklistSchema>;

export class ChecklistError extends Error {
  override name = 'ChecklistError';
}

export function loadChecklist(path = CHECKLIST_FILE): Checklist {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ChecklistError(`${path}: ${(err as Error).message}`);
  }
  const parsed = checklistSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ChecklistError(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export interface ChecklistItem {
  id: string;
  label: string;
  received: boolean;
}

const norm = (s: string) => ` ${s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
const mentions = (text: string, keywords: string[]) => keywords.some((k) => norm(text).includes(norm(k)));

/**
 * Each document for the category, marked received when a request naming it was answered with
 * a file, or a received file's name names it.
 */
export function checklistFor(
  checklist: Checklist,
  category: ComplaintCategory,
  events: CaseEvent[],
  lang: 'id' | 'en',
): ChecklistItem[] {
  const ids = [...new Set([...checklist.common, ...(checklist.categories[category] ?? [])])];
  const requests = new Map(events.flatMap((e) => (e.kind === 'request' ? [[e.requestId, e.text] as const] : [])));
  const answered = events.flatMap((e) =>
    e.kind === 'answer' && e.attachments.length > 0
      ? [requests.get(e.requestId) ?? '', ...e.attachments.map((a) => a.fileName ?? '')]
      : [],
  );
  return ids.map((id) => {
    const doc = checklist.documents[id] as Checklist['documents'][string];
    const received = doc.fromFile === true || answered.some((text) => text && mentions(text, doc.keywords));
    return { id, label: doc[lang], received };
  });
}
