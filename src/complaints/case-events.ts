/**
 * What happens in a case besides status changes: staff requests (`/minta`) and the worker's
 * answers with their time, kept as a list next to the status history. They feed the case
 * history staff read and the referral case file; "hapus data saya" deletes them whole, since
 * both may quote the worker.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { channelSchema, mediaKindSchema } from '../core/messages.js';
import type { RedisClient } from '../redis.js';
import type { ComplaintKeys } from './complaint-keys.js';

export const eventAttachmentSchema = z.strictObject({
  kind: mediaKindSchema,
  ref: z.string().min(1).max(512),
  channel: channelSchema,
  mimeType: z.string().max(200).optional(),
  fileName: z.string().max(300).optional(),
});
export type EventAttachment = z.infer<typeof eventAttachmentSchema>;

export const caseEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('request'),
    requestId: z.string().min(1).max(64),
    at: z.iso.datetime(),
    /** `telegram:<staff id>`: who asked, for the audit; never shown to the worker. */
    by: z.string().max(100),
    text: z.string().min(1).max(2000),
  }),
  z.strictObject({
    kind: z.literal('answer'),
    requestId: z.string().min(1).max(64),
    at: z.iso.datetime(),
    text: z.string().max(4000).optional(),
    attachments: z.array(eventAttachmentSchema).max(20).default([]),
  }),
]);
export type CaseEvent = z.infer<typeof caseEventSchema>;

/** A case keeps at most this many events: a runaway loop must not grow a case without bound. */
const MAX_EVENTS = 500;

export const newRequestId = () => `req-${randomUUID().slice(0, 8)}`;

export async function appendEvent(redis: RedisClient, keys: ComplaintKeys, id: string, e: CaseEvent): Promise<void> {
  const event = caseEventSchema.parse(e);
  await redis.multi().rpush(keys.events(id), JSON.stringify(event)).ltrim(keys.events(id), -MAX_EVENTS, -1).exec();
}

export async function readEvents(redis: RedisClient, keys: ComplaintKeys, id: string): Promise<CaseEvent[]> {
  const raw = await redis.lrange(keys.events(id), 0, -1);
  return raw.flatMap((line) => {
    try {
      const parsed = caseEventSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
