/**
 * The parts of Meta's webhook payload the channel reads, validated with zod. Unknown fields
 * pass through (Meta adds fields without notice); a change in a shape we rely on drops that
 * message with a log line instead of crashing the batch.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
 */
import { z } from 'zod';

const mediaShape = z.looseObject({
  id: z.string().min(1).max(200),
  mime_type: z.string().max(200).optional(),
  filename: z.string().max(300).optional(),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
});

export const cloudMessageSchema = z.looseObject({
  from: z.string().min(1).max(64),
  id: z.string().min(1).max(200),
  timestamp: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  image: mediaShape.optional(),
  document: mediaShape.optional(),
  audio: mediaShape.optional(),
  video: mediaShape.optional(),
  sticker: mediaShape.optional(),
  location: z
    .looseObject({
      latitude: z.coerce.number().min(-90).max(90),
      longitude: z.coerce.number().min(-180).max(180),
    })
    .optional(),
});
export type CloudMessage = z.infer<typeof cloudMessageSchema>;

export const cloudStatusSchema = z.looseObject({
  id: z.string(),
  status: z.string().max(40),
  recipient_id: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
});
export type CloudStatus = z.infer<typeof cloudStatusSchema>;

const changeSchema = z.looseObject({
  field: z.string(),
  value: z.looseObject({
    metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
  }),
});

export const webhookPayloadSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ changes: z.array(changeSchema).default([]) })).default([]),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export interface WebhookItems {
  messages: unknown[];
  statuses: unknown[];
  /** Changes for another phone number of the same app: not ours to answer. */
  foreign: number;
}

/** Flattens a payload into the raw messages and statuses for our phone number id. */
export function collectItems(payload: WebhookPayload, phoneNumberId: string): WebhookItems {
  const items: WebhookItems = { messages: [], statuses: [], foreign: 0 };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const target = change.value.metadata?.phone_number_id;
      if (target !== undefined && target !== phoneNumberId) {
        items.foreign += 1;
        continue;
      }
      items.messages.push(...(change.value.messages ?? []));
      items.statuses.push(...(change.value.statuses ?? []));
    }
  }
  return items;
}
