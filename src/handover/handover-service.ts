/**
 * The handover to hotline staff, assembled: the dialogue's effect ports (`handover`,
 * `relay`), the staff group's handler, the complaints' staff notifier, the history wrapper
 * for the channels' message handler, the rating action, the outbox pump and the sweep.
 */
import type { StaffHandler } from '../channels/telegram/update-processor.js';
import type { StaffNotifier } from '../complaints/staff-notifier.js';
import type { ActionRegistry } from '../core/action-types.js';
import type { Channel, ChannelSender } from '../core/messages.js';
import type { Lang, Translator } from '../i18n/create-translator.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { createCaseNotifier } from './case-notifier.js';
import { createHandoverContext, type DialogueControl, type SurveyPosition } from './handover-context.js';
import { createHandoverEraser, type HandoverEraser } from './handover-eraser.js';
import type { HandoverEvent } from './handover-log.js';
import { createHandoverPorts, type HandoverPorts } from './handover-ports.js';
import { type HandoverSnapshot, readHandoverSnapshot } from './handover-snapshot.js';
import { createHandoverScheduler, createHandoverSweep, type SweepResult } from './handover-sweep.js';
import { createHotlineClock } from './hotline-hours.js';
import { createOutboxPump, type MediaDownloader, type PumpCounters } from './outbox-pump.js';
import { createRatingAction } from './rating-action.js';
import { createRelayHistory, type RelayHistory } from './relay-history.js';
import { relayKeys } from './relay-keys.js';
import { createRelayStore } from './relay-store.js';
import { createStaffActions } from './staff-actions.js';
import type { StaffApi } from './staff-api.js';
import { createStaffAuth } from './staff-auth.js';
import {
  type CaseRequestPort,
  type CaseStatusPort,
  createStaffConsole,
  type PackPort,
  type SubstantiatePort,
} from './staff-console.js';
import { createStaffTexts } from './staff-texts.js';
import { createUserNotices } from './user-notices.js';

export interface HandoverConfig {
  /** `STAFF_CHAT_ID`; without it users get the honest "no staff console" notice. */
  STAFF_CHAT_ID?: string | undefined;
  STAFF_USER_IDS: readonly string[];
  HOTLINE_HOURS: string;
  HOTLINE_TIMEZONE: string;
  HANDOVER_SLA_MINUTES: number;
  HANDOVER_TTL_DAYS: number;
  PSEUDONYM_SECRET?: string | undefined;
}

export interface HandoverOptions {
  /** Language of the staff group's texts; default `id`. */
  staffLanguage: Lang;
  /** Silence after which a conversation with staff goes back to the bot; default 24. */
  idleHours: number;
  /** Messages per minute to the staff group (default 20) and least gap between two (default 1000 ms). */
  groupPerMinute: number;
  groupMinGapMs: number;
  /** How often the pump looks for work queued by other processes; default 1000 ms. */
  pollMs: number;
  /** Expiry of the message history while the bot handles a conversation; default 24 h. */
  historyTtlSeconds: number;
  /** How long an urgent case waits for its conversation's handover; default 10 s. */
  caseGraceMs: number;
}

export interface HandoverServiceDeps {
  redis: RedisClient;
  /** `REDIS_PREFIX`. */
  prefix: string;
  logger: Logger;
  /** The dialogue service (or a getter, since the dialogue service needs these ports first). */
  dialogue: DialogueControl | (() => DialogueControl);
  /** How to reach a user on their own channel. */
  senders: ReadonlyMap<string, ChannelSender>;
  /** Telegram calls for the staff group; required when `STAFF_CHAT_ID` is set. */
  staffApi?: StaffApi;
  /** Media downloads for channels other than Telegram (whose files are copied by id). */
  downloaders?: Partial<Record<Channel, MediaDownloader>>;
  translator: Pick<Translator, 't' | 'missingIn'>;
  /** The dialogue's emergency contact keys (country, suicide). */
  emergencyContacts: (lang: Lang, request: { country?: string | undefined; suicide: boolean }) => string[];
  /** The complaints case store, for `/status`. */
  cases?: CaseStatusPort;
  /** Two-way case requests, for `/minta`. */
  requests?: CaseRequestPort;
  /** `/terbukti`. */
  substantiate?: SubstantiatePort;
  /** `/berkas`. */
  pack?: PackPort;
  config: HandoverConfig;
  options?: Partial<HandoverOptions>;
  /** The BullMQ scheduler for the sweep; without it call `sweep()` yourself. */
  queue?: { connection: string; prefix: string; everyMs?: number };
  /** Where the one-tap rating question lives (flows/after-handover.yaml); without it no question. */
  survey?: SurveyPosition;
  /** Opened, overdue and taken handovers, for the report, the digest and the metrics. */
  onEvent?: (e: HandoverEvent) => Promise<void>;
  now?: () => number;
}

export interface HandoverStats extends PumpCounters {
  active: number;
  pendingLanes: number;
  stored: Record<string, number>;
}

export interface HandoverService {
  ports: HandoverPorts;
  staffHandler: StaffHandler;
  notifier: StaffNotifier;
  /** Wrap the dialogue service with `history.wrap(...)` before giving it to the channels. */
  history: RelayHistory;
  /** `recordHandoverRating`, used by flows/after-handover.yaml. */
  actions: ActionRegistry;
  /** For the privacy data eraser; list it before the relay history eraser. */
  eraser: HandoverEraser;
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): Promise<HandoverStats>;
  /** Who waits for staff right now (and since when), and how many are with staff. */
  snapshot(): Promise<HandoverSnapshot>;
  sweep(): Promise<SweepResult>;
  /** Waits until the staff outbox is empty; false on timeout. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Posts a line to the staff group's General topic (nothing without a staff console). */
  notifyGroup(text: string): Promise<void>;
}

export function createHandoverService(deps: HandoverServiceDeps): HandoverService {
  const { config, logger } = deps;
  const o: HandoverOptions = {
    staffLanguage: 'id',
    idleHours: 24,
    groupPerMinute: 20,
    groupMinGapMs: 1000,
    pollMs: 1000,
    historyTtlSeconds: 24 * 3600,
    caseGraceMs: 10_000,
    ...deps.options,
  };
  const now = deps.now ?? Date.now;
  const ttlSeconds = config.HANDOVER_TTL_DAYS * 86_400;
  const staffChatId = config.STAFF_CHAT_ID;
  const api = deps.staffApi;
  const consoleEnabled = Boolean(staffChatId && api);
  if (staffChatId && !api) logger.error('handover: STAFF_CHAT_ID is set but no staff API was given; console off');
  if (consoleEnabled && !config.PSEUDONYM_SECRET)
    logger.warn('handover: PSEUDONYM_SECRET is not set; staff pseudonyms could be recomputed from user ids');

  const clock = createHotlineClock(config.HOTLINE_HOURS, config.HOTLINE_TIMEZONE);
  const t = deps.translator.t;
  const store = createRelayStore({ redis: deps.redis, prefix: deps.prefix, ttlSeconds });
  const history = createRelayHistory({
    redis: deps.redis,
    prefix: deps.prefix,
    ttlSeconds: o.historyTtlSeconds,
    now,
    onError: (err) => logger.warn({ err }, 'handover: history not recorded'),
  });
  const texts = createStaffTexts({ t, missingIn: deps.translator.missingIn, lang: o.staffLanguage, clock });
  const notices = createUserNotices({
    t,
    clock,
    hoursText: config.HOTLINE_HOURS,
    slaMinutes: config.HANDOVER_SLA_MINUTES,
    emergencyContacts: deps.emergencyContacts,
  });
  const keys = relayKeys(deps.prefix);
  const pump = api
    ? createOutboxPump({
        redis: deps.redis,
        leaseKey: keys.lease,
        store,
        history,
        api,
        texts,
        logger,
        downloaders: deps.downloaders ?? {},
        perMinute: o.groupPerMinute,
        minGapMs: o.groupMinGapMs,
        pollMs: o.pollMs,
        now,
      })
    : undefined;
  const kick = () => pump?.kick();
  const ctx = createHandoverContext({
    store,
    history,
    texts,
    notices,
    clock,
    t,
    logger,
    now,
    consoleEnabled,
    ttlSeconds,
    slaMinutes: config.HANDOVER_SLA_MINUTES,
    idleMs: o.idleHours * 3_600_000,
    survey: deps.survey,
    dialogue: deps.dialogue,
    senders: deps.senders,
    pseudonymSecret: config.PSEUDONYM_SECRET,
    kick,
    onEvent: deps.onEvent,
  });
  const actions = createStaffActions(ctx);
  const sweep = createHandoverSweep(ctx, actions);
  const auth = createStaffAuth({
    staffUserIds: config.STAFF_USER_IDS,
    administrators: () => (api ? api.administrators() : Promise.resolve([])),
    logger,
  });
  const staffConsole =
    consoleEnabled && api && staffChatId
      ? createStaffConsole({
          ctx,
          actions,
          auth,
          api,
          staffChatId,
          staffLang: o.staffLanguage,
          ...(deps.cases ? { cases: deps.cases } : {}),
          ...(deps.requests ? { requests: deps.requests } : {}),
          ...(deps.substantiate ? { substantiate: deps.substantiate } : {}),
          ...(deps.pack ? { pack: deps.pack } : {}),
          ...(config.PSEUDONYM_SECRET ? { pseudonymSecret: config.PSEUDONYM_SECRET } : {}),
        })
      : undefined;
  const scheduler = deps.queue
    ? createHandoverScheduler({
        connection: deps.queue.connection,
        prefix: deps.queue.prefix,
        everyMs: deps.queue.everyMs ?? 60_000,
        sweep,
        logger,
      })
    : undefined;

  return {
    ports: createHandoverPorts(ctx),
    staffHandler: async (update) => (staffConsole ? staffConsole(update) : undefined),
    notifier: createCaseNotifier({ store, texts, logger, enabled: consoleEnabled, now, graceMs: o.caseGraceMs, kick }),
    history,
    actions: { recordHandoverRating: createRatingAction(store) },
    eraser: createHandoverEraser({
      store,
      logger,
      ...(api ? { api } : {}),
      tellStaff: (pseudonym) => ctx.enqueueThread(undefined, texts.line('deleted_by_user', { pseudonym })),
    }),
    async start() {
      pump?.start();
      await scheduler?.start();
    },
    async stop() {
      await scheduler?.stop();
      await pump?.stop();
    },
    async stats() {
      const [active, pendingLanes, stored] = await Promise.all([
        store.activeCount(),
        store.pendingLanes(),
        store.counters(),
      ]);
      const counters = pump?.counters() ?? {
        sent: 0,
        batches: 0,
        batchedLines: 0,
        rateLimited: 0,
        retries: 0,
        dropped: 0,
      };
      return { ...counters, active, pendingLanes, stored };
    },
    snapshot: () => readHandoverSnapshot(store),
    sweep,
    flush: (timeoutMs = 30_000) => (pump ? pump.whenIdle(timeoutMs) : Promise.resolve(true)),
    async notifyGroup(text) {
      if (consoleEnabled) await ctx.enqueueThread(undefined, text);
    },
  };
}
