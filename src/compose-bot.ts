import { join } from 'node:path';
import { ACTION_NAMES } from './action-names.js';
import { createAgencyActions } from './agencies/agency-actions.js';
import { createAgencySubstantiation } from './agencies/agency-substantiation.js';
import { extractAgencyQuery, isHowToCheck } from './agencies/extract-agency-query.js';
import { createSubstantiateCommand } from './agencies/substantiate-command.js';
import { packCase } from './casefile/pack-case.js';
import { loadChecklist } from './casefile/referral-checklist.js';
import { createConsoleSender } from './channels/console/run-interactive.js';
import { createGrammyStaffApi } from './channels/telegram/grammy-staff-api.js';
import { createTelegramChannel, type TelegramChannel } from './channels/telegram/telegram-channel.js';
import type { WhatsAppChannel } from './channels/whatsapp/whatsapp-channel.js';
import { createCaseGroups } from './complaints/case-groups.js';
import type { CaseSweep } from './complaints/case-sweep.js';
import { createComplaintActions } from './complaints/complaint-actions.js';
import { complaintKeys } from './complaints/complaint-keys.js';
import { createAgencyParts } from './compose-agencies.js';
import { createAnswersModule } from './compose-answers.js';
import { createCaseRequestParts } from './compose-case-requests.js';
import { createCaseSweepParts } from './compose-case-sweep.js';
import { createComplaintParts } from './compose-complaints.js';
import { createFaqModule } from './compose-faq.js';
import { createChannelHandler, createHandoverEvents, createPrivacyParts } from './compose-ops.js';
import { createDigestParts } from './compose-report.js';
import { createWhatsAppCloudParts } from './compose-whatsapp-cloud.js';
import type { Config } from './config.js';
import type { ActionRegistry } from './core/action-types.js';
import type { Channel, ChannelAdapter, ChannelSender, MessageHandler } from './core/messages.js';
import { setYamlCacheDir } from './core/parse-yaml-cached.js';
import { loadDestinations } from './destinations/load-destinations.js';
import { conversationKeys } from './dialogue/conversation-keys.js';
import { createDialogueService, type DialogueService, type EffectPorts } from './dialogue/dialogue-service.js';
import { LocaleError } from './errors.js';
import { createFaqStats } from './faq/faq-stats.js';
import { loadFlows } from './flows/load-flows.js';
import { createHandoverLog } from './handover/handover-log.js';
import { createHandoverService, type HandoverService } from './handover/handover-service.js';
import { createHotlineClock } from './handover/hotline-hours.js';
import { createHttpServer, type HttpServer } from './http/http-server.js';
import { checkLocaleParity, createTranslator, loadLocales } from './i18n/create-translator.js';
import { createLateHandler } from './late-handler.js';
import type { Logger } from './logger.js';
import { CONFIDENCE, createNlu } from './nlu/create-nlu.js';
import { loadNluModel } from './nlu/load-nlu-model.js';
import { INTENTS } from './nlu/nlu-model.js';
import { createMetrics } from './ops/metrics.js';
import { registerWorkMetrics } from './ops/work-metrics.js';

/** The bot's own Redis commands are small; one that takes longer than this means Redis is stuck. */
export const BOT_REDIS_COMMAND_TIMEOUT_MS = 3000;

import { closeRedis, createRedis } from './redis.js';

export interface Bot {
  dialogue: DialogueService;
  /** What channels call: the dialogue service plus the short history staff see on escalation. */
  handler: MessageHandler;
  start(): Promise<void>;
  /** Waits until queued work (complaints) is handled, bounded; for scripted runs. */
  settle(): Promise<void>;
  close(): Promise<void>;
  resetConversation(channel: 'console', userId: string): Promise<void>;
  /** Overdue cases and check-ins; runs on a timer where the staff console runs, on demand in tests. */
  caseSweep: CaseSweep;
}

export interface ComposeOptions {
  config: Config;
  logger: Logger;
  /** Where the console channel prints messages the bot sends on its own; null in scripted runs. */
  consoleOutput: NodeJS.WritableStream | null;
  http: boolean;
  /** False for the terminal chat: Telegram and WhatsApp stay off even when configured. */
  withChannels: boolean;
  /** Set when no channel is configured in a service: `/healthz` reports it as unhealthy. */
  noChannelProblem?: string | undefined;
  /** A channel cannot go on (Telegram 409 for minutes): the process should end so it is restarted. */
  onFatal?: (err: Error) => void;
}

/** The intent labels flows may name as triggers (the understanding's own list). */
export const INTENT_LABELS = INTENTS;

const DESTINATIONS_DIR = 'data/destinations';

export async function composeBot(opts: ComposeOptions): Promise<Bot> {
  const { config, logger } = opts;
  setYamlCacheDir(join(config.NLU_CACHE_DIR, 'yaml'));
  const locales = loadLocales(config.LOCALES_DIR);
  const parity = checkLocaleParity(locales);
  if (parity.length > 0) throw new LocaleError(parity);
  const translator = createTranslator(locales);
  const nlu = createNlu(loadNluModel({ flowsDir: config.FLOWS_DIR, lexiconDir: 'data/lexicon' }), {
    ...(config.NLU_CACHE_DIR ? { cacheDir: config.NLU_CACHE_DIR } : {}),
  });
  // A frozen Redis (open connection, no answers) gets the user an apology within seconds.
  const redis = createRedis(config.redisUrl, { commandTimeoutMs: BOT_REDIS_COMMAND_TIMEOUT_MS });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const prefix = config.REDIS_PREFIX;
  const closers: { name: string; close: () => Promise<void> }[] = [];

  const senders = new Map<string, ChannelSender>();
  if (opts.consoleOutput) senders.set('console', createConsoleSender(opts.consoleOutput));
  const channels: ChannelAdapter[] = [];

  let dialogueRef: DialogueService | undefined;
  // Complaints: intake (queue or spool), case store, queue, worker.
  const complaints = createComplaintParts({
    config,
    redis,
    logger,
    translator,
    senders,
    dialogue: () => dialogueRef,
  });
  const { intake, cases, complaintsQueue, deadlines } = complaints;

  // Agency registry: the configured source on a schedule, else the fictional sample (said so in answers).
  const agencies = createAgencyParts({ config, redis, logger });
  const { registry } = agencies;
  const substantiation = createAgencySubstantiation({ redis, prefix });
  // Read at start-up: a broken checklist stops the bot here, not at a staff member's /berkas.
  const checklist = loadChecklist();

  const destinations = loadDestinations(DESTINATIONS_DIR);
  const faq = createFaqModule({ config, translator, nlu, stats: createFaqStats({ redis, prefix }), destinations });
  const clock = createHotlineClock(config.HOTLINE_HOURS, config.HOTLINE_TIMEZONE);

  let handoverRef: HandoverService | undefined;
  const groups = createCaseGroups({
    redis,
    prefix,
    logger,
    async ownerOf(ticket) {
      const record = await cases.get(ticket);
      const r = record?.reporter;
      return record && r
        ? {
            channel: r.channel,
            userId: r.userId,
            category: record.complaint.category,
            country: record.complaint.country,
          }
        : null;
    },
    postToStaff: async (ticket, count) =>
      handoverRef?.notifyGroup(translator.t('id', 'staff.case_joined', { ticket, count })),
    categoryLabel: (lang, category) => translator.t(lang, `complaint.category.${category}`),
  });
  const actions: ActionRegistry = {
    ...faq.actions,
    ...groups.actions,
    extractAgencyQuery: async (ctx) => {
      const text = typeof ctx.params.text === 'string' ? ctx.params.text : '';
      if (isHowToCheck(text)) return { outcome: 'how_to' };
      const q = text ? extractAgencyQuery(text) : null;
      return { outcome: q ? 'found' : 'none', value: q };
    },
    ...createAgencyActions(registry, {
      timeZone: config.HOTLINE_TIMEZONE,
      logger,
      substantiatedCount: substantiation.countFor,
    }),
    ...createComplaintActions({
      intake,
      cases,
      t: translator.t,
      logger,
      timeZone: config.HOTLINE_TIMEZONE,
      retentionDays: config.RETENTION_DAYS,
      deadlines,
      groups,
    }),
  };

  const { flows } = loadFlows(config.FLOWS_DIR, {
    actions: ACTION_NAMES,
    missingIn: translator.missingIn,
    intents: INTENT_LABELS,
  });
  // Channels and the handover need each other: channels get a handler wired below.
  const late = createLateHandler();
  const lazyHandler = late.handler;
  const http: HttpServer | null = opts.http
    ? createHttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger })
    : null;
  let telegram: TelegramChannel | null = null;
  let whatsapp: WhatsAppChannel | null = null;
  if (opts.withChannels && config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      handler: lazyHandler,
      redis,
      redisPrefix: prefix,
      logger,
      pseudonymSecret: config.PSEUDONYM_SECRET,
      options: { conflictGiveUpMs: config.TELEGRAM_CONFLICT_EXIT_SECONDS * 1000 },
      ...(opts.onFatal ? { onFatal: opts.onFatal } : {}),
      ...(config.STAFF_CHAT_ID ? { staffChatId: config.STAFF_CHAT_ID } : {}),
      ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET && http
        ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, server: http } }
        : {}),
    });
    channels.push(telegram);
    senders.set('telegram', telegram);
  }
  if (opts.withChannels && config.WHATSAPP_ENABLED) {
    // Loaded only when enabled: whatsapp-web.js and puppeteer were 14% of start-up CPU.
    const { createWhatsAppChannel } = await import('./channels/whatsapp/whatsapp-channel.js');
    whatsapp = createWhatsAppChannel({
      config,
      handler: lazyHandler,
      logger,
      redis,
      redisPrefix: prefix,
      secret: config.PSEUDONYM_SECRET,
    });
    channels.push(whatsapp);
    senders.set('whatsapp', whatsapp);
  }
  const metrics = createMetrics();
  const cloud = opts.withChannels
    ? createWhatsAppCloudParts({ config, handler: lazyHandler, logger, redis, http, metrics })
    : null;
  if (cloud) {
    channels.push(cloud.channel);
    senders.set('whatsapp-cloud', cloud.channel);
  }
  const work = registerWorkMetrics(metrics, {
    complaintTotals: () => redis.hgetall(complaintKeys(prefix).totals()),
    handovers: () => (handoverRef as HandoverService).snapshot(),
    spoolSize: () => intake.spool.count(),
    channels: () => channels.map((c) => c.health()),
  });
  const handoverLog = createHandoverLog({ redis, prefix, retentionDays: config.RETENTION_DAYS });
  const staffApi = telegram && config.STAFF_CHAT_ID ? createGrammyStaffApi(telegram.api, config.STAFF_CHAT_ID) : null;
  const after = flows.get('after-handover');
  const caseRequests = createCaseRequestParts({
    config,
    redis,
    logger,
    translator,
    senders,
    dialogue: () => dialogueRef,
    flow: flows.get('case-answer'),
    postToStaff: (text) => (handoverRef as HandoverService).notifyGroup(text),
  });
  actions.answerCaseRequest = caseRequests.answerCaseRequest;
  const handover = createHandoverService({
    redis,
    prefix,
    logger,
    dialogue: () => dialogueRef as DialogueService,
    senders,
    translator,
    emergencyContacts: faq.emergencyContacts,
    cases,
    requests: caseRequests,
    pack: (ticket, by) =>
      packCase(
        {
          redis,
          prefix,
          checklist,
          deadlines,
          timeZone: config.HOTLINE_TIMEZONE,
          t: (key, params) => translator.t('id', key, params),
          lang: 'id',
          secret: config.CASE_FILE_SECRET,
        },
        { ticket, withPersonal: false, operator: by, via: 'staff_console' },
      ),
    substantiate: createSubstantiateCommand({
      registry,
      substantiation,
      caseExists: async (ticket) => (await cases.get(ticket)) !== null,
    }),
    config,
    queue: { connection: config.redisUrl, prefix: config.QUEUE_PREFIX },
    ...(staffApi ? { staffApi } : {}),
    ...(whatsapp || telegram || cloud
      ? {
          downloaders: {
            ...(whatsapp
              ? { whatsapp: (ref: { ref: string }) => (whatsapp as WhatsAppChannel).downloadMedia(ref.ref) }
              : {}),
            ...(cloud ? { 'whatsapp-cloud': (ref: { ref: string }) => cloud.channel.downloadMedia(ref.ref) } : {}),
          },
        }
      : {}),
    ...(after ? { survey: { flowId: after.id, flowVersion: after.version, node: 'ask-rating' } } : {}),
    onEvent: createHandoverEvents({ log: handoverLog, work, cases }),
  });
  handoverRef = handover;
  const digest = staffApi
    ? createDigestParts({
        config,
        redis,
        log: handoverLog,
        snapshot: () => handover.snapshot(),
        staffApi,
        translator,
        logger,
      })
    : null;
  const caseSweep = createCaseSweepParts({
    config,
    redis,
    logger,
    translator,
    senders,
    dialogue: () => dialogueRef,
    deadlines,
    metrics,
    postToStaff: (text) => handover.notifyGroup(text),
  });
  Object.assign(actions, handover.actions);
  const answersModule = createAnswersModule({
    destinations,
    nlu,
    translator,
    registry,
    redis,
    prefix,
    hideUnverified: config.CONTENT_HIDE_UNVERIFIED,
    notifyStaff: (text) => handover.notifyGroup(text),
  });
  Object.assign(actions, answersModule.actions);
  const { deleteMyData, retention } = createPrivacyParts({
    config,
    redis,
    logger,
    complaintsQueue,
    handoverEraser: handover.eraser,
    areaErasers: [faq.stats.eraser],
    handoverLog,
    t: translator.t,
    ...(cloud ? { channelErasers: [cloud.eraser] } : {}),
  });
  actions.deleteMyData = deleteMyData;
  telegram?.setStaffHandler(handover.staffHandler);
  const worker = complaints.startWorker(handover.notifier);
  const effects: EffectPorts = {
    handover: handover.ports.handover,
    relay: handover.ports.relay,
    unanswered: async (e, conv) => {
      work.unanswered(conv.channel);
      await faq.stats.recordUnanswered(e.text, conv);
    },
  };
  const missing = ACTION_NAMES.filter((n) => !actions[n]);
  if (missing.length > 0) throw new Error(`no handler registered for action(s) ${missing.join(', ')}`);
  const dialogue = createDialogueService({
    redis,
    prefix,
    sessionTtlSeconds: config.HANDOVER_TTL_DAYS * 86_400,
    flows,
    translator,
    nlu,
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
    ruleAsked: answersModule.ruleAsked,
    settings: {
      formTimeoutMs: config.SESSION_TTL_HOURS * 3_600_000,
      maxMessageLength: config.MAX_MESSAGE_LENGTH,
      codeWord: config.CODE_WORD,
      actThreshold: CONFIDENCE.act,
      menuFlow: 'main-menu',
      staffConsole: Boolean(telegram && config.STAFF_CHAT_ID),
    },
    defaultLanguage: config.DEFAULT_LANGUAGE,
    actions,
    effects,
    logger,
    pseudonymSecret: config.PSEUDONYM_SECRET,
    // The staff history and the user's budget ride on the dialogue's own two Redis scripts.
    history: handover.history.forTurns,
    ...(opts.withChannels
      ? {
          userLimit: {
            perMinute: config.USER_RATE_PER_MINUTE,
            onLimited: (m: { channel: Channel }) => metrics.limited(m.channel, 'user'),
          },
        }
      : {}),
  });
  dialogueRef = dialogue;
  const { handler, inflight } = createChannelHandler({
    config,
    redis,
    dialogue,
    withHistory: dialogue,
    t: translator.t,
    rateLimited: opts.withChannels,
    complaintsQueue,
    metrics,
    waitingCount: async () => (await handover.snapshot()).waiting.length,
    registryAgeSeconds: () => agencies.ageSeconds(),
    http,
    channels,
    noChannelProblem: opts.noChannelProblem,
  });
  late.resolve(handler);

  closers.push({ name: 'complaints (worker, intake, queue)', close: () => complaints.close() });
  closers.push({ name: 'agency refresher', close: () => agencies.close() });
  closers.push({ name: 'retention job', close: () => retention.close() });
  if (digest) closers.push({ name: 'digest', close: () => digest.stop() });
  closers.push({ name: 'case sweep', close: async () => caseSweep.stop() });

  return {
    dialogue,
    handler,
    async start() {
      await agencies.start();
      await worker?.waitUntilReady();
      await handover.start();
      await retention.start();
      await digest?.start();
      if (staffApi) caseSweep.start();
      if (http) await http.listen();
      // Together: a channel waiting for its network (Telegram retrying) must not hold back the others.
      await Promise.all(channels.map((c) => c.start()));
    },
    async settle() {
      // Scripted runs end right after the last line: give the in-process worker a moment to store cases.
      if (!worker) return;
      const deadline = Date.now() + 5000;
      for (;;) {
        const counts = await complaintsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((n) => n === 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const c of channels) await c.stop().catch((err) => logger.error({ err }, 'channel stop failed'));
      // Finish messages already being handled; refuse new ones.
      inflight.close();
      await inflight.drain();
      await handover.stop().catch((err) => logger.error({ err }, 'handover stop failed'));
      await http?.close().catch((err) => logger.error({ err }, 'http close failed'));
      for (const c of closers) await c.close().catch((err) => logger.error({ err, part: c.name }, 'close failed'));
      await closeRedis(redis);
    },
    caseSweep: caseSweep.sweep,
    async resetConversation(channel, userId) {
      await redis.del(conversationKeys(prefix, channel, userId).session);
    },
  };
}
