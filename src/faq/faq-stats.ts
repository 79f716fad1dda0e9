/**
 * The learning loop: questions the bot could not answer, with counts, and one-tap "helpful?"
 * counts per answer. The backlog holds what people typed, so it is kept like personal data:
 * scrubbed of numbers, e-mails, tickets and capitalised names before it is stored, one
 * sorted set per day that expires after `UNANSWERED_DAYS`, and an index per conversation so
 * "hapus data saya" takes the conversation's own lines out (`eraser`).
 */
import type { Conversation } from '../dialogue/dialogue-service.js';
import { scrubPersonal } from '../engine/text-utils.js';
import type { Eraser } from '../privacy/data-eraser.js';
import type { RedisClient } from '../redis.js';

const MAX_KEPT = 5000;
/** How long a not-understood question is kept for the content team. */
export const UNANSWERED_DAYS = 30;
const TTL_SECONDS = UNANSWERED_DAYS * 86_400;

export interface FaqStats {
  recordUnanswered(text: string, conv?: Conversation): Promise<void>;
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
  const dayKey = (day: string) => `${prefix}:faq:unanswered:day:${day}`;
  // A hash of line -> times recorded: small, it is one compact list in Redis (a set of strings
  // is a hash table, 232 bytes for one line), and the same question asked twice is counted,
  // and so erased, twice.
  const byConv = (conv: Conversation) => `${prefix}:faq:unanswered:of:{${conv.channel}:${conv.userId}}`;
  // The set used before (same entries); read by the eraser until its 30 days have passed.
  const legacyByConv = (conv: Conversation) => `${prefix}:faq:unanswered:by:{${conv.channel}:${conv.userId}}`;
  const feedbackKey = `${prefix}:faq:feedback`;
  const today = () => new Date(now()).toISOString().slice(0, 10);
  const lastDays = () =>
    Array.from({ length: UNANSWERED_DAYS }, (_, i) => new Date(now() - i * 86_400_000).toISOString().slice(0, 10));

  return {
    async recordUnanswered(text, conv) {
      const item = scrubBacklogText(text).toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
      if (!item) return;
      const day = today();
      const m = redis
        .multi()
        .zincrby(dayKey(day), 1, item)
        // Keep each day bounded: drop the rarest beyond the cap.
        .zremrangebyrank(dayKey(day), 0, -MAX_KEPT - 1)
        .expire(dayKey(day), TTL_SECONDS);
      if (conv) m.hincrby(byConv(conv), `${day}|${item}`, 1).expire(byConv(conv), TTL_SECONDS);
      await m.exec();
    },
    async recordFeedback(answerId, helpful) {
      await redis.hincrby(feedbackKey, `${answerId}:${helpful ? 'yes' : 'no'}`, 1);
    },
    async topUnanswered(limit) {
      const counts = new Map<string, number>();
      for (const day of lastDays()) {
        const flat = await redis.zrevrange(dayKey(day), 0, MAX_KEPT - 1, 'WITHSCORES');
        for (let i = 0; i + 1 < flat.length; i += 2) {
          const text = flat[i] as string;
          counts.set(text, (counts.get(text) ?? 0) + Number(flat[i + 1]));
        }
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
        const [counted, legacy] = await Promise.all([redis.hgetall(byConv(conv)), redis.smembers(legacyByConv(conv))]);
        const entries: [string, number][] = [
          ...Object.entries(counted).map(([e, n]) => [e, Number(n)] as [string, number]),
          ...legacy.map((e) => [e, 1] as [string, number]),
        ];
        for (const [entry, times] of entries) {
          const at = entry.indexOf('|');
          const key = dayKey(entry.slice(0, at));
          const item = entry.slice(at + 1);
          // Another person's identical line keeps its count; this conversation's share goes.
          const left = Number(await redis.zincrby(key, -times, item));
          if (left <= 0) await redis.zrem(key, item);
        }
        await redis.del(byConv(conv), legacyByConv(conv));
        return { deleted: entries.length > 0 ? ['unanswered'] : [] };
      },
    },
  };
}
