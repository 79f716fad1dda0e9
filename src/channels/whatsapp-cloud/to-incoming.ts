/**
 * One Cloud API message -> `IncomingMessage`. Replies to our buttons and lists carry the
 * choice id we sent; media carry Meta's media id (fetched later, only when a flow keeps it).
 */

import { parseChoiceData } from '../../core/choice-data.js';
import type { IncomingMessage, MediaKind, MediaRef } from '../../core/messages.js';
import { type CloudMessage, cloudMessageSchema } from './webhook-schema.js';

export type ToIncomingResult =
  | { ok: true; message: IncomingMessage }
  | { ok: false; reason: 'invalid' | 'unsupported' | 'empty'; type?: string };

const MEDIA_TYPES: Record<string, MediaKind> = {
  image: 'photo',
  document: 'document',
  audio: 'audio',
  video: 'video',
  sticker: 'sticker',
};

export function toIncoming(raw: unknown, receivedAt: number): ToIncomingResult {
  const parsed = cloudMessageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const m = parsed.data;
  const base = { channel: 'whatsapp-cloud' as const, userId: m.from, messageId: m.id, receivedAt };
  switch (m.type) {
    case 'text':
      return m.text?.body.trim()
        ? { ok: true, message: { ...base, text: m.text.body } }
        : { ok: false, reason: 'empty' };
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (!reply) return { ok: false, reason: 'unsupported', type: `interactive.${m.interactive?.type ?? '?'}` };
      return { ok: true, message: { ...base, text: reply.title, ...choiceOf(reply.id) } };
    }
    case 'button':
      if (!m.button) return { ok: false, reason: 'invalid' };
      return { ok: true, message: { ...base, text: m.button.text } };
    case 'location':
      if (!m.location) return { ok: false, reason: 'invalid' };
      return {
        ok: true,
        message: { ...base, location: { latitude: m.location.latitude, longitude: m.location.longitude } },
      };
    default: {
      const media = mediaOf(m);
      if (!media) return { ok: false, reason: 'unsupported', type: m.type };
      return { ok: true, message: { ...base, media: media.ref, ...(media.caption ? { text: media.caption } : {}) } };
    }
  }
}

/**
 * A tap: the choice id we sent and the token of the question it answers ('' when the button
 * carried none, which the engine treats as a question that has passed). Our ids are at most
 * 64 characters; a longer one did not come from us.
 */
function choiceOf(data: string): { choiceId?: string; choiceToken?: string } {
  const { id, token } = parseChoiceData(data);
  if (id.length === 0 || id.length > 64 || token.length > 64) return {};
  return { choiceId: id, choiceToken: token };
}

function mediaOf(m: CloudMessage): { ref: MediaRef; caption?: string } | null {
  const kind = MEDIA_TYPES[m.type];
  const body = kind ? (m as Record<string, unknown>)[m.type] : undefined;
  const media = body as CloudMessage['image'];
  if (!kind || !media) return null;
  const voice = m.type === 'audio' && media.voice === true;
  return {
    ref: {
      kind: voice ? 'voice' : kind,
      ref: media.id,
      ...(media.mime_type ? { mimeType: media.mime_type } : {}),
      ...(media.filename ? { fileName: media.filename } : {}),
    },
    ...(media.caption?.trim() ? { caption: media.caption } : {}),
  };
}
