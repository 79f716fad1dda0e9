/**
 * Pure conversion of one Telegram update into what the rest of the bot understands: a
 * worker's `IncomingMessage`, a staff-group update for the handover console, a membership
 * change (the user blocked or unblocked the bot), or nothing.
 */
import type { CallbackQuery, ChatMemberUpdated, Message, Update } from 'grammy/types';
import type { GeoLocation, IncomingMessage, MediaRef } from '../../core/messages.js';
import { parseCallbackData } from './to-outgoing.js';

/** A message or a button tap in the staff group (`STAFF_CHAT_ID`), for the handover's staff console. */
export interface StaffUpdate {
  chatId: string;
  /** Forum topic (`message_thread_id`) the message was posted in, when it was posted in a topic. */
  threadId?: number;
  fromUserId: string;
  /** The staff member's first name (or @username), so the console can say who acted. */
  fromName: string;
  /** Telegram `message_id`; for a button tap, the id of the message that carries the button. */
  messageId: number;
  /** Text or caption; commands are kept as typed, without a `@BotName` suffix (`/take`). */
  text?: string;
  media?: MediaRef;
  location?: GeoLocation;
  /** An edit of an earlier message (never run as a command). */
  edited?: boolean;
  /** Callback data of the inline button a staff member tapped. */
  choiceId?: string;
  /** Id of the message this one replies to, if any. */
  replyToMessageId?: number;
  receivedAt: number;
}

export type IgnoredReason = 'not-private' | 'from-bot' | 'service' | 'unsupported';

export type TelegramInbound =
  | {
      kind: 'user';
      chatId: number;
      message: IncomingMessage;
      /** Set for button taps: the query to answer and the message whose keyboard was tapped. */
      callback?: { queryId: string; messageId?: number };
    }
  | { kind: 'staff'; update: StaffUpdate; callbackQueryId?: string }
  | { kind: 'membership'; chatId: number; active: boolean }
  | { kind: 'ignored'; reason: IgnoredReason; callbackQueryId?: string };

export interface ClassifyOptions {
  /** The staff supergroup id (`-100…`), if the staff console is configured. */
  staffChatId?: string;
  /** Epoch ms used as `receivedAt`. */
  now: number;
}

/** Update kinds the bot asks Telegram for (`allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** Message kinds a person sends that carry no text or file we use; the engine answers "please type". */
const OTHER_CONTENT = ['contact', 'poll', 'dice', 'game', 'story', 'paid_media', 'giveaway', 'checklist', 'invoice'];

interface Content {
  text?: string;
  media?: MediaRef;
  location?: GeoLocation;
}

export function classifyUpdate(update: Update, options: ClassifyOptions): TelegramInbound {
  if (update.message) return fromMessage(update.message, String(update.message.message_id), options, false);
  if (update.edited_message) {
    const m = update.edited_message;
    return fromMessage(m, `${m.message_id}e${m.edit_date ?? 0}`, options, true);
  }
  if (update.callback_query) return fromCallback(update.callback_query, options);
  if (update.my_chat_member) return fromMembership(update.my_chat_member);
  return { kind: 'ignored', reason: 'unsupported' };
}

function fromMessage(m: Message, messageId: string, options: ClassifyOptions, edited: boolean): TelegramInbound {
  // Without `from` the sender is a channel or an anonymous admin: nobody we can answer or authorise.
  if (!m.from || m.from.is_bot) return { kind: 'ignored', reason: 'from-bot' };
  const content = contentOf(m);
  // An edit is new input only when it changes text; live-location edits would flood the dialogue.
  const usable = edited ? (content?.text !== undefined ? { text: content.text } : undefined) : content;
  if (isStaffChat(m.chat.id, options)) {
    if (!usable) return { kind: 'ignored', reason: 'service' };
    return {
      kind: 'staff',
      update: {
        chatId: String(m.chat.id),
        ...(m.is_topic_message && m.message_thread_id !== undefined ? { threadId: m.message_thread_id } : {}),
        fromUserId: String(m.from.id),
        fromName: m.from.first_name || (m.from.username ? `@${m.from.username}` : String(m.from.id)),
        messageId: m.message_id,
        ...usable,
        ...(edited ? { edited: true } : {}),
        ...(m.reply_to_message && !isTopicRoot(m) ? { replyToMessageId: m.reply_to_message.message_id } : {}),
        receivedAt: options.now,
      },
    };
  }
  if (m.chat.type !== 'private') return { kind: 'ignored', reason: 'not-private' };
  if (!usable) return { kind: 'ignored', reason: edited ? 'unsupported' : 'service' };
  return toUser(m.chat.id, {
    channel: 'telegram',
    userId: String(m.chat.id),
    messageId,
    ...usable,
    // An edit answers only a question asked after the original was written (question-token.ts).
    ...(edited ? { editOf: m.date * 1000 } : {}),
    receivedAt: options.now,
  });
}

function fromCallback(q: CallbackQuery, options: ClassifyOptions): TelegramInbound {
  const msg = q.message;
  // No message: a button under an inline-mode result, which this bot does not offer.
  if (!msg) return { kind: 'ignored', reason: 'unsupported', callbackQueryId: q.id };
  if (isStaffChat(msg.chat.id, options)) {
    if (q.from.is_bot) return { kind: 'ignored', reason: 'from-bot', callbackQueryId: q.id };
    return {
      kind: 'staff',
      callbackQueryId: q.id,
      update: {
        chatId: String(msg.chat.id),
        ...(msg.is_topic_message && msg.message_thread_id !== undefined ? { threadId: msg.message_thread_id } : {}),
        fromUserId: String(q.from.id),
        fromName: q.from.first_name || (q.from.username ? `@${q.from.username}` : String(q.from.id)),
        messageId: msg.message_id,
        ...(q.data !== undefined ? { choiceId: q.data } : {}),
        receivedAt: options.now,
      },
    };
  }
  if (msg.chat.type !== 'private') return { kind: 'ignored', reason: 'not-private', callbackQueryId: q.id };
  if (q.data === undefined) return { kind: 'ignored', reason: 'unsupported', callbackQueryId: q.id };
  const label = msg.date === 0 ? undefined : buttonLabel(msg, q.data);
  const { id, token } = parseCallbackData(q.data);
  return toUser(
    msg.chat.id,
    {
      channel: 'telegram',
      userId: String(msg.chat.id),
      messageId: `cb${q.id}`,
      choiceId: id,
      choiceToken: token,
      ...(label !== undefined ? { text: label } : {}),
      receivedAt: options.now,
    },
    { queryId: q.id, messageId: msg.message_id },
  );
}

function fromMembership(u: ChatMemberUpdated): TelegramInbound {
  if (u.chat.type !== 'private') return { kind: 'ignored', reason: 'not-private' };
  const status = u.new_chat_member.status;
  if (status === 'kicked') return { kind: 'membership', chatId: u.chat.id, active: false };
  if (status === 'member') return { kind: 'membership', chatId: u.chat.id, active: true };
  return { kind: 'ignored', reason: 'unsupported' };
}

/**
 * Not validated here: the dialogue service checks every `IncomingMessage` with
 * `incomingMessageSchema` at its own boundary, and one check is enough. Sizes that schema
 * limits are cut to fit below.
 */
function toUser(
  chatId: number,
  message: IncomingMessage,
  callback?: { queryId: string; messageId?: number },
): TelegramInbound {
  return { kind: 'user', chatId, message, ...(callback ? { callback } : {}) };
}

function contentOf(m: Message): Content | undefined {
  const raw = m.text ?? m.caption;
  const text = raw === undefined ? undefined : normaliseCommand(raw);
  const media = mediaOf(m);
  const location = m.location ? { latitude: m.location.latitude, longitude: m.location.longitude } : undefined;
  if (text === undefined && !media && !location) {
    const other = OTHER_CONTENT.find((key) => key in m);
    return other ? { media: { kind: 'other', ref: `telegram:${other}` } } : undefined;
  }
  return { ...(text !== undefined ? { text } : {}), ...(media ? { media } : {}), ...(location ? { location } : {}) };
}

/** The file a message carries. Order matters: animations also carry `document`. */
export function mediaOf(m: Message): MediaRef | undefined {
  if (m.photo && m.photo.length > 0) {
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return ref('photo', largest.file_id, { size: largest.file_size, mimeType: 'image/jpeg' });
  }
  if (m.sticker) return ref('sticker', m.sticker.file_id, { size: m.sticker.file_size });
  if (m.animation)
    return ref('other', m.animation.file_id, { size: m.animation.file_size, mimeType: m.animation.mime_type });
  if (m.video)
    return ref('video', m.video.file_id, {
      size: m.video.file_size,
      mimeType: m.video.mime_type,
      fileName: m.video.file_name,
    });
  if (m.video_note) return ref('video', m.video_note.file_id, { size: m.video_note.file_size, mimeType: 'video/mp4' });
  if (m.voice) return ref('voice', m.voice.file_id, { size: m.voice.file_size, mimeType: m.voice.mime_type });
  if (m.audio)
    return ref('audio', m.audio.file_id, {
      size: m.audio.file_size,
      mimeType: m.audio.mime_type,
      fileName: m.audio.file_name,
    });
  if (m.document) {
    const d = m.document;
    return ref('document', d.file_id, { size: d.file_size, mimeType: d.mime_type, fileName: d.file_name });
  }
  return undefined;
}

function ref(
  kind: MediaRef['kind'],
  fileId: string,
  extra: { size?: number | undefined; mimeType?: string | undefined; fileName?: string | undefined },
): MediaRef {
  return {
    kind,
    ref: fileId,
    ...(extra.mimeType ? { mimeType: extra.mimeType.slice(0, 200) } : {}),
    ...(extra.fileName ? { fileName: extra.fileName.slice(0, 300) } : {}),
    ...(extra.size !== undefined ? { size: extra.size } : {}),
  };
}

/** `/menu@SahabatPmiBot rest` -> `/menu rest`: in a private chat every command is ours. */
export function normaliseCommand(text: string): string {
  return text.replace(/^\/([A-Za-z0-9_]{1,64})@[A-Za-z0-9_]{3,64}(?=\s|$)/, '/$1');
}

function buttonLabel(msg: Message, data: string): string | undefined {
  for (const row of msg.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return button.text;
    }
  }
  return undefined;
}

function isStaffChat(chatId: number, options: ClassifyOptions): boolean {
  return options.staffChatId !== undefined && String(chatId) === options.staffChatId;
}

/** In a forum, every topic message "replies" to the topic's first message; that is not a real reply. */
function isTopicRoot(m: Message): boolean {
  return m.is_topic_message === true && m.reply_to_message?.message_id === m.message_thread_id;
}
