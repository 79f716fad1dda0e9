/**
 * The last messages of a conversation, so the staff card shows what led to the handover.
 * Bounded (the last `maxItems`), short-lived while the bot handles the conversation
 * (`ttlSeconds`) and kept for the handover's lifetime once staff are involved. Lives under
 * `<prefix>:relay:{<channel>:<userId>}:history`, which "hapus data saya" deletes.
 */
import { z } from 'zod';
import { CONCEALED, type HandleResult, type IncomingMessage, keptText, type MessageHandler } from '../core/messages.js';
import type { TurnHistory } from '../dialogue/dialogue-service.js';
import type { RedisClient } from '../redis.js';
import { type ConvRef, relayKeys } from './relay-keys.js';

/**
 * A message that is nothing but a six-digit number is the answer to "ketik PIN Anda": the history
 * staff read keeps it masked, as it masks the reply that gave the PIN (see keptText).
 */
const PIN_ALONE = /^\s*(?:pin\s*:?\s*)?\d(?:[\s.-]?\d){5}\s*$/i;
/** Six digits right after the word PIN, inside a sentence ("pin saya 123456 ya", "PIN-nya: 12 34 56"). */
const PIN_NAMED =
  /(\bpin(?:-?nya|-?ku|\s+(?:saya|aku|sy|ku|kamu|anda|my|is|adalah))?\s*[:=-]?\s*)\d(?:[\s.-]?\d){5}(?!\d)/gi;
/** A ticket code in the same message: a bare six-digit number beside it is its PIN ("ADU-7K3M2Q9R 482913"). */
const TICKET = /\bADU-[0-9A-Z]{8}\b/i;
const SIX_DIGITS = /(?<![\d.,])\d{6}(?![\d.,])/g;

/** The user's text with a typed PIN masked, whether alone, named or beside a ticket code. */
export function maskTypedPin(text: string): string {
  if (PIN_ALONE.test(text)) return CONCEALED;
  const named = text.replace(PIN_NAMED, (_m, lead: string) => `${lead}${CONCEALED}`);
  return TICKET.test(named) ? named.replace(SIX_DIGITS, CONCEALED) : named;
}

export const historyEntrySchema = z.object({
  at: z.number(),
  role: z.enum(['user', 'bot', 'staff']),
  text: z.string().max(600).optional(),
  media: z.string().max(20).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const TEXT_MAX = 500;
/** Lines of history on the staff card. */
export const CARD_LINES = 10;

/**
 * How an entry is stored: one-letter names and the time in seconds, and a user's line with the
 * bot's answer to it as one entry (`b`). The history is most of a conversation's Redis bytes,
 * and names, times and list overhead were half of a short line.
 */
const storedSchema = z.object({
  t: z.number(),
  r: z.enum(['u', 'b', 's']),
  x: z.string().max(600).optional(),
  m: z.string().max(20).optional(),
  b: z.string().max(600).optional(),
});
type StoredEntry = z.infer<typeof storedSchema>;
const ROLE_LETTER = { user: 'u', bot: 'b', staff: 's' } as const;
const ROLE_OF = { u: 'user', b: 'bot', s: 'staff' } as const;

function toStored(e: HistoryEntry): StoredEntry {
  return {
    t: Math.round(e.at / 1000),
    r: ROLE_LETTER[e.role],
    ...(e.text ? { x: e.text.slice(0, TEXT_MAX) } : {}),
    ...(e.media ? { m: e.media } : {}),
  };
}

/** Reads both the stored form and the long form written by earlier versions; [] for a damaged line. */
function fromStored(line: string): HistoryEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return [];
  }
  const short = storedSchema.safeParse(data);
  if (short.success) {
    const s = short.data;
    const at = s.t * 1000;
    const own: HistoryEntry = {
      at,
      role: ROLE_OF[s.r],
      ...(s.x !== undefined ? { text: s.x } : {}),
      ...(s.m !== undefined ? { media: s.m } : {}),
    };
    return s.b !== undefined ? [own, { at, role: 'bot', text: s.b }] : [own];
  }
  const long = historyEntrySchema.safeParse(data);
  return long.success ? [long.data] : [];
}

export interface RelayHistory {
  push(conv: ConvRef, entries: HistoryEntry[]): Promise<void>;
  read(conv: ConvRef, n: number): Promise<HistoryEntry[]>;
  /** Keeps the history as long as the handover (called when staff get involved). */
  keep(conv: ConvRef, seconds: number): Promise<void>;
  /** Wraps the dialogue service so every message and reply is remembered (see module comment). */
  wrap(handler: MessageHandler): MessageHandler;
  /**
   * The same history written by the dialogue service's own turn scripts (no round trips of
   * its own): what production uses instead of `wrap`.
   */
  forTurns: TurnHistory;
}

/**
 * The bot's own lines are kept as their opening words: staff see what the bot answered, and
 * the whole text is in flows/ and locales/. 20 full replies were most of a conversation's bytes.
 */
const BOT_TEXT_MAX = 48;

function botSummary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= BOT_TEXT_MAX ? flat : `${flat.slice(0, BOT_TEXT_MAX - 1)}…`;
}

export interface RelayHistoryDeps {
  redis: RedisClient;
  prefix: string;
  /** Expiry while no handover is open; default 24 h. */
  ttlSeconds?: number;
  /**
   * Entries kept; default 6 (up to 12 lines: a user's line and the bot's answer share one).
   * Only the staff card reads them, and it shows the last 10 lines (`CARD_LINES`): more were
   * Redis memory nobody read (20 kept, 8 shown, most of a conversation's bytes).
   */
  maxItems?: number;
  /** Record the bot's replies too (default true): staff see what the bot already said. */
  includeBotReplies?: boolean;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export function createRelayHistory(deps: RelayHistoryDeps): RelayHistory {
  const { redis } = deps;
  const keys = relayKeys(deps.prefix);
  const ttl = deps.ttlSeconds ?? 24 * 3600;
  const max = deps.maxItems ?? 6;
  const now = deps.now ?? Date.now;

  async function push(conv: ConvRef, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const key = keys.conv(conv).history;
    const clipped = entries.map((e) => JSON.stringify(toStored(e)));
    // NX sets the expiry of a new list, GT extends a shorter one; a longer expiry set by
    // `keep` is never shortened (EXPIRE options need Redis 7).
    await redis
      .multi()
      .rpush(key, ...clipped)
      .ltrim(key, -max, -1)
      .expire(key, ttl, 'NX')
      .expire(key, ttl, 'GT')
      .exec();
  }

  function fromMessage(m: IncomingMessage): HistoryEntry {
    const typed = m.text !== undefined ? maskTypedPin(m.text) : undefined;
    const text =
      typed ?? (m.location ? `${m.location.latitude.toFixed(4)},${m.location.longitude.toFixed(4)}` : undefined);
    return {
      at: m.receivedAt || now(),
      role: 'user',
      ...(text ? { text } : {}),
      ...(m.media ? { media: m.media.kind } : m.location ? { media: 'location' } : {}),
    };
  }

  const fail = (err: unknown) => deps.onError?.(err);

  return {
    forTurns: {
      keyOf: (conv) => keys.conv(conv).history,
      maxItems: max,
      ttlSeconds: ttl,
      entryOf: (m) => toStored(fromMessage(m)),
      botEntryOf: (text, at) =>
        deps.includeBotReplies === false ? undefined : toStored({ at, role: 'bot', text: botSummary(text) }),
      joined: (user, bot) => {
        const u = storedSchema.safeParse(user);
        const b = storedSchema.safeParse(bot);
        return u.success && b.success && u.data.r === 'u' && b.data.x ? { ...u.data, b: b.data.x } : undefined;
      },
    },
    push,
    async read(conv, n) {
      // The last n lines: a stored entry may hold two (a user's line and the bot's answer).
      const raw = await redis.lrange(keys.conv(conv).history, -n, -1);
      return raw.flatMap(fromStored).slice(-n);
    },
    async keep(conv, seconds) {
      await redis.expire(keys.conv(conv).history, seconds);
    },
    wrap(handler) {
      return {
        async handle(message, options): Promise<HandleResult> {
          const conv = { channel: message.channel, userId: message.userId };
          // Recorded before handling, so a handover this message triggers already shows it.
          await push(conv, [fromMessage(message)]).catch(fail);
          const result = await handler.handle(message, options);
          if (!result.duplicate && !result.forgotten && deps.includeBotReplies !== false && result.replies.length > 0) {
            const at = now();
            await push(
              conv,
              result.replies.map((r) => ({ at, role: 'bot' as const, text: botSummary(keptText(r)) })),
            ).catch(fail);
          }
          return result;
        },
      };
    },
  };
}
