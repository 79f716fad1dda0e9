/**
 * Job adverts users reported ("Laporkan iklan ini"): kept in Redis for supervisors (newest
 * first, bounded, expiring) and posted to the staff group when there is one. The advert is the
 * recruiter's text, kept as evidence; the reporting user is not named.
 */
import type { RedisClient } from '../redis.js';
import type { JobAdReports } from './answer-actions.js';

const MAX_KEPT = 1000;
const KEEP_DAYS = 90;

export function jobAdsKey(prefix: string): string {
  return `${prefix}:jobads`;
}

export function createJobAdReports(deps: {
  redis: RedisClient;
  prefix: string;
  now?: () => number;
  /** Posts a line to the staff group (absent without a staff console). */
  notifyStaff?: (text: string) => Promise<void>;
  staffLine: (ad: { verdict: string; country?: string; text: string }) => string;
}): JobAdReports {
  const key = jobAdsKey(deps.prefix);
  const now = deps.now ?? Date.now;
  return {
    async report(ad) {
      const entry = JSON.stringify({
        at: now(),
        verdict: ad.verdict,
        country: ad.country,
        channel: ad.channel,
        text: ad.text,
      });
      await deps.redis
        .multi()
        .lpush(key, entry)
        .ltrim(key, 0, MAX_KEPT - 1)
        .expire(key, KEEP_DAYS * 86_400)
        .exec();
      await deps.notifyStaff?.(deps.staffLine(ad)).catch(() => undefined);
    },
  };
}
