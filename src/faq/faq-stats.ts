/**
 * The learning loop: questions the bot could not answer (scrubbed of names and numbers
 * before they get here) with counts, and one-tap "helpful?" counts per answer.
 */
import type { RedisClient } from '../redis.js';

const MAX_KEPT = 5000;

export interface FaqStats {
  recordUnanswered(text: string): Promise<void>;
  recordFeedback(answerId: string, helpful: boolean): Promise<void>;
  topUnanswered(limit: number): Promise<{ text: string; count: number }[]>;
  feedback(): Promise<Record<string, { yes: number; no: number }>>;
}

export function createFaqStats(deps: { redis: RedisClient; prefix: string }): FaqStats {
  const unansweredKey = `${deps.prefix}:faq:unanswered`;
  const feedbackKey = `${deps.prefix}:faq:feedback`;
  return {
    async recordUnanswered(text) {
      const item = text.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
      if (!item) return;
      await deps.redis
        .multi()
        .zincrby(unansweredKey, 1, item)
        // Keep the list bounded: drop the rarest beyond the cap.
        .zremrangebyrank(unansweredKey, 0, -MAX_KEPT - 1)
        .exec();
    },
    async recordFeedback(answerId, helpful) {
      await deps.redis.hincrby(feedbackKey, `${answerId}:${helpful ? 'yes' : 'no'}`, 1);
    },
    async topUnanswered(limit) {
      const flat = await deps.redis.zrevrange(unansweredKey, 0, limit - 1, 'WITHSCORES');
      const out: { text: string; count: number }[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) out.push({ text: flat[i] as string, count: Number(flat[i + 1]) });
      return out;
    },
    async feedback() {
      const raw = await deps.redis.hgetall(feedbackKey);
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
  };
}
