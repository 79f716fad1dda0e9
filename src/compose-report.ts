/**
 * The supervisors' digest in a bot process (used by src/compose-bot.ts): the last
 * DIGEST_DAYS days, collected from Redis and the handover log, drawn, and posted to the staff
 * group's General topic on DIGEST_SCHEDULE. Only where the staff console runs.
 */
import type { Config } from './config.js';
import type { HandoverLog } from './handover/handover-log.js';
import type { HandoverSnapshot } from './handover/handover-snapshot.js';
import type { StaffApi } from './handover/staff-api.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import type { RedisClient } from './redis.js';
import { collectReport } from './report/collect-report.js';
import { buildDigest } from './report/digest.js';
import { createDigestScheduler, type DigestScheduler } from './report/digest-scheduler.js';
import { shiftDay, zonedDay } from './zoned-time.js';

export interface DigestParts extends DigestScheduler {
  /** Collects, draws and posts the digest now. */
  post(now?: number): Promise<void>;
}

export function createDigestParts(deps: {
  config: Config;
  redis: RedisClient;
  log: HandoverLog;
  snapshot: () => Promise<HandoverSnapshot>;
  staffApi: StaffApi;
  translator: Pick<Translator, 't'>;
  logger: Logger;
}): DigestParts {
  const { config, logger } = deps;
  const lang = 'id' as const;
  const t = (key: string, params?: Record<string, string | number>) => deps.translator.t(lang, key, params);

  async function post(now = Date.now()): Promise<void> {
    const to = zonedDay(now, config.HOTLINE_TIMEZONE);
    const from = shiftDay(to, -(config.DIGEST_DAYS - 1));
    const data = await collectReport(
      { redis: deps.redis, prefix: config.REDIS_PREFIX, log: deps.log, snapshot: deps.snapshot },
      { from, to, timeZone: config.HOTLINE_TIMEZONE, now },
    );
    const digest = await buildDigest(data, { lang, t, days: config.DIGEST_DAYS });
    await deps.staffApi.sendFile(
      { data: digest.png, fileName: digest.fileName, mimeType: 'image/png', kind: 'photo' },
      digest.caption,
    );
    await deps.staffApi.sendText(digest.details);
    logger.info(
      { from, to, cases: data.cases.total, overdue: data.overdue.length },
      'digest: posted to the staff group',
    );
  }

  const scheduler = createDigestScheduler({
    connection: config.redisUrl,
    prefix: config.QUEUE_PREFIX,
    pattern: config.DIGEST_SCHEDULE,
    timeZone: config.HOTLINE_TIMEZONE,
    run: () => post(),
    logger,
  });
  return { ...scheduler, post };
}
