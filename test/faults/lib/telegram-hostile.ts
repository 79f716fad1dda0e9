/**
 * The Telegram share of the hostile inputs: each turned into the update a Telegram client
 * could send (text, caption with a photo or document, voice, sticker, location, a tap on a
 * button that was never offered), one at a time per chat, many chats at once. Every update
 * must be answered with messages Telegram would accept.
 */
import type { Redis } from 'ioredis';
import { conversationKeys } from '../../../src/dialogue/conversation-keys.js';
import { parseSession } from '../../../src/engine/session.js';
import type { FakeBotApi, MessageContent } from '../../helpers/fake-bot-api.js';
import { sleep } from './fault-redis.js';
import { createRng, HOSTILE_KINDS, type HostileContent, hostileInput, type Rng } from './hostile.js';
import { CALLBACK_DATA_LIMIT, TELEGRAM_TEXT_LIMIT } from './reply-checks.js';

export interface TelegramHostileOptions {
  fake: FakeBotApi;
  redis: Redis;
  prefix: string;
  count: number;
  chats: number;
  seed: number;
  maxLength: number;
  /** Sessions stored at free-input asks, restored before six inputs in ten. */
  snapshots: string[];
}

type TelegramInput = { tap: string } | { send: MessageContent };

function toTelegram(c: HostileContent, rng: Rng): TelegramInput {
  if (c.choiceId !== undefined) return { tap: c.choiceId };
  return { send: contentOf(c, rng) };
}

function contentOf(c: HostileContent, rng: Rng): MessageContent {
  if (c.location) return { location: c.location };
  if (c.media) {
    const file = { file_id: c.media.ref, file_unique_id: `u${rng.int(1e9)}`, file_size: c.media.size };
    const caption = c.text ? { caption: c.text.slice(0, 1024) } : {};
    switch (c.media.kind) {
      case 'photo':
        return { photo: [{ ...file, width: 1, height: 1 }], ...caption };
      case 'voice':
        return { voice: { ...file, duration: 1 } };
      case 'sticker':
        return { sticker: { ...file, type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } };
      default:
        return { document: { ...file, file_name: c.media.fileName, mime_type: c.media.mimeType }, ...caption };
    }
  }
  // Telegram delivers no empty messages; a sticker stands in for "nothing typed".
  if (!c.text?.trim())
    return { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 1, height: 1 } };
  return { text: c.text };
}

export async function sendTelegramHostile(
  o: TelegramHostileOptions,
): Promise<{ answered: number; problems: string[]; atTargets: number }> {
  const problems: string[] = [];
  let answered = 0;
  let atTargets = 0;
  const perChat = Math.ceil(o.count / o.chats);
  await Promise.all(
    Array.from({ length: o.chats }, async (_, n) => {
      const chat = 5000 + n;
      const rng = createRng(o.seed * 1000 + n);
      const key = conversationKeys(o.prefix, 'telegram', String(chat)).session;
      for (let i = 0; i < perChat && n * perChat + i < o.count; i++) {
        const kind = rng.pick(HOSTILE_KINDS);
        if (rng.next() < 0.6 && o.snapshots.length > 0) {
          const snap = JSON.parse(rng.pick(o.snapshots) as string) as { updatedAt: number };
          await o.redis.set(key, JSON.stringify({ ...snap, updatedAt: Date.now() }), 'EX', 86_400);
          atTargets += 1;
        }
        const before = o.fake.sentTo(chat).length;
        const failedBefore = o.fake.callsTo('sendMessage').filter((c) => !c.ok).length;
        const input = toTelegram(hostileInput(rng, kind, o.maxLength), rng);
        if ('tap' in input) o.fake.userTaps(chat, o.fake.sentTo(chat).at(-1)?.message_id ?? 1, input.tap);
        else o.fake.userSends(chat, input.send);
        const got = await newMessages(o.fake, chat, before);
        if (o.fake.callsTo('sendMessage').filter((c) => !c.ok).length > failedBefore)
          problems.push(`tg ${kind}: a send failed`);
        if (got.length === 0) {
          const parsed = parseSession((await o.redis.get(key)) ?? '{}');
          if (parsed.ok && parsed.session.mode !== 'bot') {
            answered += 1;
            await o.redis.del(key);
          } else problems.push(`tg ${kind}: no reply`);
          continue;
        }
        answered += 1;
        for (const m of got) {
          const text = (m as { text?: string }).text ?? '';
          if (!text.trim()) problems.push(`tg ${kind}: empty message`);
          if (text.length > TELEGRAM_TEXT_LIMIT) problems.push(`tg ${kind}: ${text.length} chars`);
          const rows = (m as { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } }).reply_markup;
          for (const b of rows?.inline_keyboard?.flat() ?? []) {
            if (Buffer.byteLength(b.callback_data ?? '', 'utf8') > CALLBACK_DATA_LIMIT)
              problems.push(`tg ${kind}: callback data too long`);
          }
        }
        const parsed = parseSession((await o.redis.get(key)) ?? '{}');
        if (parsed.ok && parsed.session.mode !== 'bot') await o.redis.del(key);
      }
    }),
  );
  return { answered, problems, atTargets };
}

/** The messages the chat received after `before`, once they stop coming (150 ms quiet, 15 s at most). */
async function newMessages(fake: FakeBotApi, chat: number, before: number) {
  const deadline = Date.now() + 15_000;
  while (fake.sentTo(chat).length === before && Date.now() < deadline) await sleep(10);
  let n = fake.sentTo(chat).length;
  for (;;) {
    await sleep(150);
    const now = fake.sentTo(chat).length;
    if (now === n) break;
    n = now;
  }
  return fake.sentTo(chat).slice(before);
}
