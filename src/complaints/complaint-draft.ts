/**
 * Turning the slots of the complaint flow into the job payload. Pure: ids, clock and channel
 * come in as arguments.
 */

import type { Channel } from '../core/messages.js';
import {
  type Attachment,
  attachmentSchema,
  type ComplaintJob,
  type Contact,
  complaintCategorySchema,
  complaintIdSchema,
  isUrgentCategory,
  reporterSchema,
  ticketSchema,
} from './complaint-schema.js';

/** The identity a complaint keeps across retried confirmations (held in the slot `draft`). */
export interface DraftIdentity {
  id: string;
  ticket: string;
  pin: string;
}

export type DraftField = 'category' | 'reporter' | 'country' | 'description' | 'contact' | 'consent';

export type BuildResult = { ok: true; complaint: ComplaintJob } | { ok: false; missing: DraftField };

export function readDraftIdentity(value: unknown): DraftIdentity | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!complaintIdSchema.safeParse(v.id).success || !ticketSchema.safeParse(v.ticket).success) return null;
  if (typeof v.pin !== 'string' || !/^\d{6}$/.test(v.pin)) return null;
  return { id: v.id as string, ticket: v.ticket as string, pin: v.pin };
}

// Words that mark a recruitment company rather than a household employer.
const AGENCY =
  /\b(pt|cv|p3mi|pjtki|pptkis|lpk|blk|agen|agensi|agency|agent|sdn|bhd|ltd|limited|inc|corp|recruit\w*|penyalur|sponsor|calo|tekong)\b/i;
const EMPLOYER =
  /\b(majikan|employer|bos|boss|madam|mister|mr|mrs|ms|tuan|nyonya|sir|ma'?am|pabrik|kilang|kebun|ladang|restoran|toko)\b/i;

/** One answer names the agency or the employer (the form asks once); staff see the words either way. */
export function splitParty(text: unknown): { agencyName?: string; employerName?: string } {
  if (typeof text !== 'string' || text.trim() === '') return {};
  const name = text.trim().slice(0, 200);
  const agency = AGENCY.test(name);
  const employer = EMPLOYER.test(name);
  return {
    ...(agency ? { agencyName: name } : {}),
    ...(employer || !agency ? { employerName: name } : {}),
  };
}

// Confinement and minors are urgent whatever the category (safe-migration-facts section 5).
const CONFINED =
  /\b(dikurung|dikunci|disekap|dikerangkeng|dilarang keluar|(tidak|tdk|gak|ga|nggak|ngga|gk|ndak) (boleh|bisa|dibolehkan|diizinkan|dikasih) keluar|locked (in|up)|not allowed (to go )?out|can'?t leave)\b/i;
const MINOR =
  /\b(di ?bawah umur|under ?age|underage|minor|masih anak|(umur|usia|umurnya|usianya|umurku|usiaku) ?(1[0-7]|[1-9]) ?(th|thn|tahun)?\b|(1[0-7]|[1-9]) (years?|yrs?) old)/i;

export function hasUrgentSigns(description: string): boolean {
  return CONFINED.test(description) || MINOR.test(description);
}

function buildContact(slots: Readonly<Record<string, unknown>>): Contact | null {
  const method = slots.contactMethod;
  const str = (v: unknown, max: number) =>
    typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
  if (method === 'this_chat') return { method };
  if (method === 'other_number') {
    const value = str(slots.contactValue, 40);
    return value && value.length >= 3 ? { method, value } : null;
  }
  if (method === 'safe_time') {
    const safeTime = str(slots.contactSafeTime, 200);
    return safeTime ? { method, safeTime } : null;
  }
  return null;
}

function buildAttachments(raw: unknown, channel: Channel): Attachment[] {
  if (!Array.isArray(raw)) return [];
  const out: Attachment[] = [];
  for (const item of raw.slice(0, 20)) {
    const m = item as Record<string, unknown> | null;
    const parsed = attachmentSchema.safeParse({
      kind: m?.kind,
      ref: m?.ref,
      channel,
      ...(typeof m?.mimeType === 'string' ? { mimeType: m.mimeType } : {}),
    });
    // File names are left out: they often carry a person's name.
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** Builds the payload from the flow's slots, or names the first answer that is missing. */
export function buildComplaint(
  slots: Readonly<Record<string, unknown>>,
  ctx: { identity: DraftIdentity; channel: Channel; lang: 'id' | 'en'; now: number },
): BuildResult {
  const category = complaintCategorySchema.safeParse(slots.category);
  if (!category.success) return { ok: false, missing: 'category' };
  const reporter = reporterSchema.safeParse(slots.reporter);
  if (!reporter.success) return { ok: false, missing: 'reporter' };
  const country = typeof slots.country === 'string' ? slots.country.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(country)) return { ok: false, missing: 'country' };
  const description = typeof slots.description === 'string' ? slots.description.trim().slice(0, 4000) : '';
  if (!description) return { ok: false, missing: 'description' };
  const contact = buildContact(slots);
  if (!contact) return { ok: false, missing: 'contact' };
  if (slots.consent !== true) return { ok: false, missing: 'consent' };
  const urgent =
    isUrgentCategory(category.data) || slots.minor === true || slots.confined === true || hasUrgentSigns(description);
  return {
    ok: true,
    complaint: {
      id: ctx.identity.id,
      ticket: ctx.identity.ticket,
      createdAt: new Date(ctx.now).toISOString(),
      channel: ctx.channel,
      language: ctx.lang,
      reporter: reporter.data,
      category: category.data,
      country,
      description,
      ...splitParty(slots.party),
      attachments: buildAttachments(slots.attachments, ctx.channel),
      contact,
      consent: true,
      urgent,
    },
  };
}
