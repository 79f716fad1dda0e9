/**
 * A real dialogue service with the real handover service on real Redis, for handover tests:
 * repo flows and locales, the keyword classifier, and recording senders for the users.
 */

import type { ActionRegistry } from '../../src/core/action-types.js';
import type { Channel, ChannelSender, MessageHandler, OutgoingMessage } from '../../src/core/messages.js';
import { createDialogueService, type DialogueService } from '../../src/dialogue/dialogue-service.js';
import {
  createHandoverService,
  type HandoverConfig,
  type HandoverOptions,
  type HandoverService,
  type HandoverServiceDeps,
} from '../../src/handover/handover-service.js';
import { createHotlineClock } from '../../src/handover/hotline-hours.js';
import { createLogger } from '../../src/logger.js';
import type { RedisClient } from '../../src/redis.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';

export const logger = createLogger({ level: 'silent', format: 'json' });
export const STAFF_CHAT = '-1001234567890';
export const flows = repoFlows();

export interface Delivered {
  userId: string;
  message: OutgoingMessage;
}

export interface RecordingSender extends ChannelSender {
  delivered: Delivered[];
  to(userId: string): string[];
}

export function recordingSender(
  channel: Channel,
  onSend?: (userId: string, m: OutgoingMessage) => Promise<void>,
): RecordingSender {
  const delivered: Delivered[] = [];
  return {
    channel,
    delivered,
    async send(userId, messages) {
      for (const message of messages) {
        await onSend?.(userId, message);
        delivered.push({ userId, message });
      }
    },
    to: (userId) => delivered.filter((d) => d.userId === userId).map((d) => d.message.text),
  };
}

/** Lines as the real contact module renders them: the 24-hour line, and Taiwan's own for TW. */
export const emergencyContacts = (lang: 'id' | 'en', request: { country?: string | undefined }) => [
  translator.t(lang, 'contacts.kp2mi_callcenter'),
  ...(request.country === 'TW' ? ['Taiwan hotline 1955'] : []),
];

export function config(overrides: Partial<HandoverConfig> = {}): HandoverConfig {
  return {
    STAFF_CHAT_ID: STAFF_CHAT,
    STAFF_USER_IDS: ['900'],
    HOTLINE_HOURS: '24/7',
    HOTLINE_TIMEZONE: 'Asia/Jakarta',
    HANDOVER_SLA_MINUTES: 15,
    HANDOVER_TTL_DAYS: 30,
    PSEUDONYM_SECRET: 'test-secret',
    ...overrides,
  };
}

export interface Built {
  dialogue: DialogueService;
  service: HandoverService;
  /** The handler channels get: the dialogue wrapped by the history recorder. */
  handler: MessageHandler;
}

export function build(opts: {
  redis: RedisClient;
  prefix: string;
  senders: ReadonlyMap<string, ChannelSender>;
  staffApi?: HandoverServiceDeps['staffApi'];
  config?: Partial<HandoverConfig>;
  options?: Partial<HandoverOptions>;
  now?: () => number;
  survey?: boolean;
  cases?: HandoverServiceDeps['cases'];
  requests?: HandoverServiceDeps['requests'];
  pack?: HandoverServiceDeps['pack'];
  /** More flow actions (e.g. the case-answer flow's). */
  actions?: ActionRegistry;
  onEvent?: HandoverServiceDeps['onEvent'];
}): Built {
  let dialogue: DialogueService | undefined;
  const after = flows.get('after-handover');
  const service = createHandoverService({
    redis: opts.redis,
    prefix: opts.prefix,
    logger,
    dialogue: () => dialogue as DialogueService,
    senders: opts.senders,
    ...(opts.staffApi ? { staffApi: opts.staffApi } : {}),
    translator,
    emergencyContacts,
    config: config(opts.config),
    options: { groupMinGapMs: 0, pollMs: 50, ...opts.options },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.cases ? { cases: opts.cases } : {}),
    ...(opts.requests ? { requests: opts.requests } : {}),
    ...(opts.pack ? { pack: opts.pack } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    ...(opts.survey && after ? { survey: { flowId: after.id, flowVersion: after.version, node: 'ask-rating' } } : {}),
  });
  const cfg = config(opts.config);
  const clock = createHotlineClock(cfg.HOTLINE_HOURS, cfg.HOTLINE_TIMEZONE);
  const now = opts.now ?? Date.now;
  dialogue = createDialogueService({
    redis: opts.redis,
    prefix: opts.prefix,
    sessionTtlSeconds: 3600,
    flows,
    translator,
    nlu: { classify: fakeClassify, normalize: (t) => t, matchCountry: () => null },
    emergencyContacts,
    hotline: (lang) => ({
      open: clock.isOpen(now()),
      waitMinutes: cfg.HANDOVER_SLA_MINUTES,
      opensAt: clock.describe(clock.nextOpening(now()), lang),
      hours: cfg.HOTLINE_HOURS,
    }),
    settings: {
      formTimeoutMs: 3_600_000,
      maxMessageLength: 4000,
      actThreshold: 0.5,
      menuFlow: 'main-menu',
      codeWord: 'payung biru',
      staffConsole: Boolean(cfg.STAFF_CHAT_ID && opts.staffApi),
    },
    defaultLanguage: 'id',
    actions: { deleteMyData: async () => ({ outcome: 'ok' }), ...service.actions, ...opts.actions },
    effects: service.ports,
    logger,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { dialogue, service, handler: service.history.wrap(dialogue) };
}
