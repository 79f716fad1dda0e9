/**
 * Pure conversion of a whatsapp-web.js message into the channel-neutral `IncomingMessage`,
 * or the reason it is ignored. Only private chats count: groups, status updates, broadcast
 * lists, newsletters and our own messages never reach the dialogue.
 */
import type { IncomingMessage, MediaKind, MediaRef } from '../../core/messages.js';
import type { WaMessage } from './wa-types.js';

export type IgnoreReason = 'own' | 'not-private' | 'status' | 'unsupported-type' | 'malformed';

export type ConvertResult =
  | { ok: true; message: IncomingMessage; chatId: string; mediaRef?: string }
  | { ok: false; reason: IgnoreReason };

/** Types that carry something the user sent on purpose; system notices, reactions etc. are not. */
const MEDIA_KINDS: Record<string, MediaKind> = {
  image: 'photo',
  document: 'document',
  video: 'video',
  sticker: 'sticker',
  ptt: 'voice',
  audio: 'audio',
  // A contact card's text is a vCard full of phone numbers: keep it as an opaque reference.
  vcard: 'other',
  multi_vcard: 'other',
};

/** A person (`<phone>@c.us`) or a privacy linked id (`<n>@lid`); the id is used as is, never parsed. */
const PRIVATE_CHAT = /^[^@\s]+@(c\.us|lid)$/;

export function toIncomingMessage(msg: WaMessage, now: number): ConvertResult {
  if (!msg?.id?._serialized || !msg.id.id || typeof msg.from !== 'string') return { ok: false, reason: 'malformed' };
  if (msg.fromMe || msg.id.fromMe) return { ok: false, reason: 'own' };
  if (msg.isStatus || msg.from === 'status@broadcast') return { ok: false, reason: 'status' };
  if (msg.broadcast || !PRIVATE_CHAT.test(msg.from)) return { ok: false, reason: 'not-private' };

  const chatId = msg.from;
  const receivedAt =
    typeof msg.timestamp === 'number' && Number.isFinite(msg.timestamp) && msg.timestamp > 0
      ? msg.timestamp * 1000
      : now;
  // The short id is random per message; the serialized id also embeds the chat id, so it stays
  // out of `messageId` (which services may log) and is used only as the media handle.
  const base = { channel: 'whatsapp' as const, userId: chatId, messageId: msg.id.id.slice(0, 200), receivedAt };
  const body = typeof msg.body === 'string' ? msg.body : '';

  if (msg.type === 'chat') {
    if (body.trim() === '') return { ok: false, reason: 'malformed' };
    return { ok: true, chatId, message: { ...base, text: body } };
  }
  if (msg.type === 'location') {
    const latitude = Number(msg.location?.latitude);
    const longitude = Number(msg.location?.longitude);
    if (
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude) ||
      Math.abs(latitude) > 90 ||
      Math.abs(longitude) > 180
    ) {
      return { ok: false, reason: 'malformed' };
    }
    return { ok: true, chatId, message: { ...base, location: { latitude, longitude } } };
  }
  const kind = MEDIA_KINDS[msg.type];
  if (!kind) return { ok: false, reason: 'unsupported-type' };

  const ref = msg.id._serialized;
  if (ref.length > 512) return { ok: false, reason: 'malformed' };
  const media: MediaRef = { kind, ref };
  const data = msg._data ?? undefined;
  if (typeof data?.mimetype === 'string' && data.mimetype.length <= 200) media.mimeType = data.mimetype;
  if (typeof data?.filename === 'string' && data.filename.length <= 300) media.fileName = data.filename;
  if (typeof data?.size === 'number' && Number.isInteger(data.size) && data.size >= 0) media.size = data.size;
  // With media, whatsapp-web.js puts the caption in `body`; a vCard's body is not a caption.
  const caption = kind !== 'other' && body.trim() !== '' ? body : undefined;
  return {
    ok: true,
    chatId,
    mediaRef: ref,
    message: { ...base, media, ...(caption !== undefined ? { text: caption } : {}) },
  };
}
