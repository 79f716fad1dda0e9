/**
 * The dialogue service: the engine and its flows on Redis sessions, with the understanding, the
 * actions, the effects the handover and the unanswered-question log run, and the hotline hours.
 */
import type { createAnswersModule } from './compose-answers.js';
import type { createFaqModule } from './compose-faq.js';
import type { Config } from './config.js';
import type { ActionRegistry } from './core/action-types.js';
import type { Channel } from './core/messages.js';
import { createDialogueService, type EffectPorts } from './dialogue/dialogue-service.js';
import type { HandoverService } from './handover/handover-service.js';
import { createHotlineClock } from './handover/hotline-hours.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import { CONFIDENCE } from './nlu/create-nlu.js';
import type { createMetrics } from './ops/metrics.js';
import type { WorkMetrics } from './ops/work-metrics.js';
import type { RedisClient } from './redis.js';

type DialogueDeps = Parameters<typeof createDialogueService>[0];

export function createDialogueParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  translator: Translator;
  nlu: DialogueDeps['nlu'];
  flows: DialogueDeps['flows'];
  actions: ActionRegistry;
  faq: ReturnType<typeof createFaqModule>;
  answers: ReturnType<typeof createAnswersModule>;
  handover: HandoverService;
  work: WorkMetrics;
  metrics: ReturnType<typeof createMetrics>;
  /** Staff console configured: an escalation waits for staff instead of only giving numbers. */
  staffConsole: boolean;
  /** Real channels: each user's messages are rate limited. */
  withChannels: boolean;
}) {
  const { config, faq, handover, work } = deps;
  const clock = createHotlineClock(config.HOTLINE_HOURS, config.HOTLINE_TIMEZONE);
  const effects: EffectPorts = {
    handover: handover.ports.handover,
    relay: handover.ports.relay,
    // The line itself is counted by the turn's save script (`unanswered` below).
    unanswered: async (_e, conv) => {
      work.unanswered(conv.channel);
    },
  };
  return createDialogueService({
    redis: deps.redis,
    prefix: config.REDIS_PREFIX,
    sessionTtlSeconds: config.HANDOVER_TTL_DAYS * 86_400,
    flows: deps.flows,
    translator: deps.translator,
    nlu: deps.nlu,
    emergencyContacts: faq.emergencyContacts,
    hotline: (lang) => {
      const now = Date.now();
      return {
        open: clock.isOpen(now),
        waitMinutes: config.HANDOVER_SLA_MINUTES,
        opensAt: clock.describe(clock.nextOpening(now), lang),
        hours: config.HOTLINE_HOURS,
      };
    },
    faqBand: faq.band,
    ruleAsked: deps.answers.ruleAsked,
    settings: {
      formTimeoutMs: config.SESSION_TTL_HOURS * 3_600_000,
      maxMessageLength: config.MAX_MESSAGE_LENGTH,
      codeWord: config.CODE_WORD,
      actThreshold: CONFIDENCE.act,
      menuFlow: 'main-menu',
      staffConsole: deps.staffConsole,
    },
    defaultLanguage: config.DEFAULT_LANGUAGE,
    actions: deps.actions,
    effects,
    logger: deps.logger,
    pseudonymSecret: config.PSEUDONYM_SECRET,
    // The staff history, the not-understood backlog and the user's budget ride on the
    // dialogue's own two Redis scripts.
    history: handover.history.forTurns,
    unanswered: faq.stats.turnIndex,
    ...(deps.withChannels
      ? {
          userLimit: {
            perMinute: config.USER_RATE_PER_MINUTE,
            onLimited: (m: { channel: Channel }) => deps.metrics.limited(m.channel, 'user'),
          },
        }
      : {}),
  });
}
