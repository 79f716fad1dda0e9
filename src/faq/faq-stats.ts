/**
 * The learning loop: questions the bot could not answer, with counts, and one-tap "helpful?"
 * counts per answer. The backlog holds what people typed, so it is kept like personal data:
 * scrubbed of numbers, e-mails, tickets and capitalised names before it is stored, in the
 * conversation's own hash (`<day>|<line>` -> times), whose lines older than `UNANSWERED_DAYS`
 * are dropped as new ones come and which expires after that long; "hapus data saya" deletes it
 * (`eraser`). The dialogue's turn records the line in the same script that saves the session
 * (`turnIndex`: no Redis call of its own); the content team's list adds the hashes up.
 * (Until 2027-01-06 the day-by-day sorted sets of earlier versions are read and erased too.)
 */
import type { Conversation } from '../dialogue/dialogue-service.js';
import { scrubPersonal } from '../engine/text-utils.js';
import type { Eraser } from '../privacy/data-eraser.js';
import { escapeGlob, scanKeys } from '../privacy/scan-keys.js';
import type { RedisClient } from '../redis.js';

/** Lines read per day from the sorted sets of earlier versions. */
const LEGACY_MAX_KEPT = 5000;
/** How long a not-understood question is kept for the content team. */
export const UNANSWERED_DAYS = 30;
const TTL_SECONDS = UNANSWERED_DAYS * 86_400;

/** What the dialogue's turn script needs to record a not-understood line (see turn-scripts.ts). */
export interface UnansweredIndex {
  keyOf(conv: Conversation): string;
  /** The stored `<day>|<line>`, or undefined when nothing is left after the scrub. */
  lineOf(text: string): string | undefined;
  ttlSeconds: number;
  /** Lines of days before this one (`YYYY-MM-DD`) are dropped. */
  oldestDay(): string;
}

export interface FaqStats {
  recordUnanswered(text: string, conv: Conversation): Promise<void>;
  turnIndex: UnansweredIndex;
  recordFeedback(answerId: string, helpful: boolean): Promise<void>;
  topUnanswered(limit: number): Promise<{ text: string; count: number }[]>;
  feedback(): Promise<Record<string, { yes: number; no: number }>>;
  /** Removes a conversation's lines from the backlog ("hapus data saya"). */
  eraser: Eraser;
}

/**
 * Names, villages and employers are mostly written capitalised ("majikan saya Pak Budi di
 * Taichung"): every capitalised word after the first becomes `<name>`, on top of the scrub
 * of numbers, e-mails and tickets. Lower-case names slip through; the TTL and the erasure
 * cover those.
 */
export function scrubBacklogText(text: string): string {
  const words = scrubPersonal(text).split(/(\s+)/);
  let seen = 0;
  return words
    .map((w) => {
      if (/^\s+$/.test(w) || w === '') return w;
      seen++;
      return seen > 1 && /^\p{Lu}/u.test(w) && !/^<\w+>$/.test(w) ? '<name>' : w;
    })
    .join('')
    .replace(/(<name>\s*)+<name>/g, '<name>');
}

export function createFaqStats(deps: { redis: RedisClient; prefix: string; now?: () => number }): FaqStats {
  const { redis, prefix } = deps;
  const now = deps.now ?? Date.now;
  // A hash of line -> times: small, it is one compact list in Redis (a set of strings is a
  // hash table), and a line asked twice is counted twice.
  const byConv = (conv: Conversation) => `${prefix}:faq:unanswered:of:{${conv.channel}:${conv.userId}}`;
  const legacyDayKey = (day: string) => `${prefix}:faq:unanswered:day:${day}`;
  const legacyByConv = (conv: Conversation) => `${prefix}:faq:unanswered:by:{${conv.channel}:${conv.userId}}`;
  const feedbackKey = `${prefix}:faq:feedback`;
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const oldestDay = () => dayOf(now() - (UNANSWERED_DAYS - 1) * 86_400_000);
  const lastDays = () => Array.from({ length: UNANSWERED_DAYS }, (_, i) => dayOf(now() - i * 86_400_000));

  const turnIndex: UnansweredIndex = {
    keyOf: byConv,
    lineOf(text) {
      const item = scrubBacklogText(text).toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
      return item ? `${dayOf(now())}|${item}` : undefined;
    },
    ttlSeconds: TTL_SECONDS,
    oldestDay,
  };

  return {
    turnIndex,
    async recordUnanswered(text, conv) {
      const line = turnIndex.lineOf(text);
      if (!line) return;
      await redis.multi().hincrby(byConv(conv), line, 1).expire(byConv(conv), TTL_SECONDS).exec();
    },
    async recordFeedback(answerId, helpful) {
      await redis.hincrby(feedbackKey, `${answerId}:${helpful ? 'yes' : 'no'}`, 1);
    },
    async topUnanswered(limit) {
      const counts = new Map<string, number>();
      const add = (text: string, n: number) => counts.set(text, (counts.get(text) ?? 0) + n);
      const oldest = oldestDay();
      for await (const keys of scanKeys(redis, `${escapeGlob(prefix)}:faq:unanswered:of:*`)) {
        for (const key of keys) {
          for (const [line, n] of Object.entries(await redis.hgetall(key))) {
            const at = line.indexOf('|');
            if (line.slice(0, at) >= oldest) add(line.slice(at + 1), Number(n));
          }
        }
      }
      for (const day of lastDays()) {
        const flat = await redis.zrevrange(legacyDayKey(day), 0, LEGACY_MAX_KEPT - 1, 'WITHSCORES');
        for (let i = 0; i + 1 < flat.length; i += 2) add(flat[i] as string, Number(flat[i + 1]));
      }
      return [...counts.entries()]
        .map(([text, count]) => ({ text, count }))
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
        .slice(0, limit);
    },
    async feedback() {
      const raw = await redis.hgetall(feedbackKey);
      const out: Record<string, { yes: number; no: number }> = {};
      for (const [field, value] of Object.entries(raw)) {
        const at = field.lastIndexOf(':');
        const id = field.slice(0, at);
        const kind = field.slice(at + 1);
        out[id] ??= { yes: 0, no: 0 };
        if (kind === 'yes' || kind === 'no') out[id][kind] = Number(value);
      }
      return out;
    },
    eraser: {
      name: 'unanswered-backlog',
      async erase(conv) {
        const [counted, legacy] = await Promise.all([redis.hlen(byConv(conv)), redis.smembers(legacyByConv(conv))]);
        for (const entry of legacy) {
          const at = entry.indexOf('|');
          const key = legacyDayKey(entry.slice(0, at));
          const item = entry.slice(at + 1);
          // Another person's identical line keeps its count; this conversation's share goes.
          const left = Number(await redis.zincrby(key, -1, item));
          if (left <= 0) await redis.zrem(key, item);
        }
        await redis.del(byConv(conv), legacyByConv(conv));
        return { deleted: counted > 0 || legacy.length > 0 ? ['unanswered'] : [] };
      },
    },
  };
}
