import { join } from 'node:path';
import { ACTION_NAMES } from './action-names.js';
import { createAgencySubstantiation } from './agencies/agency-substantiation.js';
import { loadChecklist } from './casefile/referral-checklist.js';
import { createConsoleSender } from './channels/console/run-interactive.js';
import { complaintKeys } from './complaints/complaint-keys.js';
import { createBaseActions, createCaseGroupParts } from './compose-actions.js';
import { createAgencyParts } from './compose-agencies.js';
import { createAnswersModule } from './compose-answers.js';
import { createCaseSweepParts } from './compose-case-sweep.js';
import { createChannelParts } from './compose-channels.js';
import { createComplaintParts } from './compose-complaints.js';
import { createDialogueParts } from './compose-dialogue.js';
import { createFaqModule } from './compose-faq.js';
import { createHandoverParts } from './compose-handover.js';
import { type Bot, createBotLifecycle } from './compose-lifecycle.js';
import { createChannelHandler, createPrivacyParts } from './compose-ops.js';
import { createDigestParts } from './compose-report.js';
import type { Config } from './config.js';
import type { ChannelSender } from './core/messages.js';
import { setYamlCacheDir } from './core/parse-yaml-cached.js';
import { loadDestinations } from './destinations/load-destinations.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import { LocaleError } from './errors.js';
import { createFaqStats } from './faq/faq-stats.js';
import { loadFlows } from './flows/load-flows.js';
import type { HandoverService } from './handover/handover-service.js';
import { createHttpServer, type HttpServer } from './http/http-server.js';
import { checkLocaleParity, createTranslator, loadLocales } from './i18n/create-translator.js';
import { createLateHandler } from './late-handler.js';
import type { Logger } from './logger.js';
import { createNlu } from './nlu/create-nlu.js';
import { loadNluModel } from './nlu/load-nlu-model.js';
import { INTENTS } from './nlu/nlu-model.js';
import { createMetrics } from './ops/metrics.js';
import { registerWorkMetrics } from './ops/work-metrics.js';
import { createRedis } from './redis.js';

/** The bot's own Redis commands are small; one that takes longer than this means Redis is stuck. */
export const BOT_REDIS_COMMAND_TIMEOUT_MS = 3000;

export type { Bot } from './compose-lifecycle.js';

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
  // Parts built before the dialogue or the handover reach them through these (set below).
  let dialogueRef: DialogueService | undefined;
  let handoverRef: HandoverService | undefined;
  const dialogue = () => dialogueRef;
  const notifyStaff = (text: string) => (handoverRef as HandoverService).notifyGroup(text);

  const senders = new Map<string, ChannelSender>();
  if (opts.consoleOutput) senders.set('console', createConsoleSender(opts.consoleOutput));
  const complaints = createComplaintParts({ config, redis, logger, translator, senders, dialogue });
  // Agency registry: the configured source on a schedule, else the fictional sample (said so in answers).
  const agencies = createAgencyParts({ config, redis, logger });
  const substantiation = createAgencySubstantiation({ redis, prefix });
  // Read at start-up: a broken checklist stops the bot here, not at a staff member's /berkas.
  const checklist = loadChecklist();
  const destinations = loadDestinations(DESTINATIONS_DIR);
  const faq = createFaqModule({ config, translator, nlu, stats: createFaqStats({ redis, prefix }), destinations });
  const groups = createCaseGroupParts({ redis, prefix, logger, translator, cases: complaints.cases, notifyStaff });
  const actions = createBaseActions({
    config,
    logger,
    translator,
    faq,
    groups,
    registry: agencies.registry,
    substantiation,
    complaints,
  });
  const { flows } = loadFlows(config.FLOWS_DIR, {
    actions: ACTION_NAMES,
    missingIn: translator.missingIn,
    intents: INTENT_LABELS,
  });

  // Channels and the handover need each other: channels get a handler resolved at the end.
  const late = createLateHandler();
  const http: HttpServer | null = opts.http
    ? createHttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger })
    : null;
  const metrics = createMetrics();
  const channelParts = await createChannelParts({
    config,
    logger,
    redis,
    withChannels: opts.withChannels,
    handler: late.handler,
    http,
    metrics,
    senders,
    onFatal: opts.onFatal,
  });
  const { channels, telegram, cloud } = channelParts;
  const work = registerWorkMetrics(metrics, {
    complaintTotals: () => redis.hgetall(complaintKeys(prefix).totals()),
    handovers: () => (handoverRef as HandoverService).snapshot(),
    spoolSize: () => complaints.intake.spool.count(),
    channels: () => channels.map((c) => c.health()),
  });
  const { handover, handoverLog, staffApi, caseRequests } = createHandoverParts({
    config,
    redis,
    logger,
    translator,
    senders,
    dialogue,
    flows,
    faq,
    complaints,
    checklist,
    registry: agencies.registry,
    substantiation,
    channels: channelParts,
    work,
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
    dialogue,
    deadlines: complaints.deadlines,
    metrics,
    postToStaff: notifyStaff,
  });
  const answers = createAnswersModule({
    destinations,
    nlu,
    translator,
    registry: agencies.registry,
    redis,
    prefix,
    notifyStaff,
    hideUnverified: config.CONTENT_HIDE_UNVERIFIED,
  });
  const { deleteMyData, retention } = createPrivacyParts({
    config,
    redis,
    logger,
    complaintsQueue: complaints.complaintsQueue,
    handoverLog,
    t: translator.t,
    handoverEraser: handover.eraser,
    areaErasers: [faq.stats.eraser],
    ...(cloud ? { channelErasers: [cloud.eraser] } : {}),
  });
  Object.assign(actions, handover.actions, answers.actions, {
    deleteMyData,
    answerCaseRequest: caseRequests.answerCaseRequest,
  });
  const missing = ACTION_NAMES.filter((n) => !actions[n]);
  if (missing.length > 0) throw new Error(`no handler registered for action(s) ${missing.join(', ')}`);
  telegram?.setStaffHandler(handover.staffHandler);
  const worker = complaints.startWorker(handover.notifier);
  const staffConsole = Boolean(telegram && config.STAFF_CHAT_ID);
  dialogueRef = createDialogueParts({
    config,
    redis,
    logger,
    translator,
    nlu,
    flows,
    actions,
    faq,
    answers,
    handover,
    work,
    metrics,
    staffConsole,
    withChannels: opts.withChannels,
  });
  const { handler, inflight } = createChannelHandler({
    config,
    redis,
    dialogue: dialogueRef,
    withHistory: dialogueRef,
    t: translator.t,
    metrics,
    http,
    channels,
    rateLimited: opts.withChannels,
    complaintsQueue: complaints.complaintsQueue,
    waitingCount: async () => (await handover.snapshot()).waiting.length,
    registryAgeSeconds: () => agencies.ageSeconds(),
    noChannelProblem: opts.noChannelProblem,
  });
  late.resolve(handler);
  return createBotLifecycle({
    logger,
    redis,
    prefix,
    dialogue: dialogueRef,
    handler,
    inflight,
    handover,
    http,
    channels,
    worker,
    complaintsQueue: complaints.complaintsQueue,
    caseSweep: caseSweep.sweep,
    parts: [
      { name: 'complaints (worker, intake, queue)', close: () => complaints.close() },
      { name: 'agency refresher', start: () => agencies.start(), close: () => agencies.close() },
      { name: 'retention job', start: () => retention.start(), close: () => retention.close() },
      ...(digest ? [{ name: 'digest', start: () => digest.start(), close: () => digest.stop() }] : []),
      { name: 'case sweep', start: () => (staffApi ? caseSweep.start() : undefined), close: () => caseSweep.stop() },
    ],
  });
}
