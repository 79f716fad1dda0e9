/**
 * The case sweep in a bot process (used by src/compose-bot.ts): overdue cases posted to the
 * staff group, check-ins to workers whose case stalled (through the quiet gate), and the
 * overdue gauge. Runs every CASE_SWEEP_MS where the staff console runs.
 */

import type { DeadlinePolicy } from './complaints/case-deadlines.js';
import { type CaseSweep, createCaseSweep } from './complaints/case-sweep.js';
import type { Config } from './config.js';
import type { ChannelSender } from './core/messages.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import { registerCaseMetrics } from './ops/case-metrics.js';
import type { Metrics } from './ops/metrics.js';
import { createQuietGate } from './ops/quiet-gate.js';
import { findCases } from './privacy/case-export.js';
import type { RedisClient } from './redis.js';

/** Often enough that a 24-hour deadline is reported within minutes of passing; cheap for a few thousand cases. */
export const CASE_SWEEP_MS = 10 * 60_000;

export interface CaseSweepParts {
  sweep: CaseSweep;
  start(): void;
  stop(): void;
}

export function createCaseSweepParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  translator: Pick<Translator, 't'>;
  senders: ReadonlyMap<string, ChannelSender>;
  dialogue: () => DialogueService | undefined;
  deadlines: DeadlinePolicy;
  metrics: Metrics;
  postToStaff: (text: string) => Promise<void>;
}): CaseSweepParts {
  const { config, redis, logger, translator } = deps;
  const sweep = createCaseSweep({
    redis,
    prefix: config.REDIS_PREFIX,
    deadlines: deps.deadlines,
    listCases: async () => (await findCases(redis, config.REDIS_PREFIX, {})).cases,
    postToStaff: deps.postToStaff,
    async sendToWorker(channel, userId, text) {
      const sender = deps.senders.get(channel);
      const dialogue = deps.dialogue();
      if (!sender || !dialogue) return false;
      // Unsolicited: a shared phone's owner may have asked for silence.
      if (!(await createQuietGate(dialogue)({ channel, userId }))) return false;
      await sender.send(userId, [{ text }]);
      return true;
    },
    staffText: (key, params) => translator.t('id', key, params),
    userText: (lang, key, params) => translator.t(lang, key, params),
    discreet: Boolean(config.CODE_WORD),
    timeZone: config.HOTLINE_TIMEZONE,
    logger,
  });
  registerCaseMetrics(deps.metrics, { overdue: () => sweep.overdueCount() });
  let timer: NodeJS.Timeout | null = null;
  const tick = () =>
    void sweep.run().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'case sweep failed'));
  return {
    sweep,
    start() {
      timer ??= setInterval(tick, CASE_SWEEP_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
