/**
 * The complaint parts of one bot process, for the composition (src/compose-bot.ts): intake
 * (queue, or the spool while Redis is away), the case store that tells users about status
 * changes, the queue handle the metrics and the privacy flow read, and the in-process worker.
 */
import { Queue } from 'bullmq';
import { createDeadlinePolicy, type DeadlinePolicy, loadDeadlineRules } from './complaints/case-deadlines.js';
import { type CaseStore, createCaseStore } from './complaints/case-store.js';
import { type ComplaintIntake, createComplaintIntake } from './complaints/complaint-intake.js';
import { QUEUE_NAME } from './complaints/complaint-keys.js';
import { type ComplaintWorker, createComplaintWorker } from './complaints/complaint-worker.js';
import type { StaffNotifier } from './complaints/staff-notifier.js';
import type { Config } from './config.js';
import type { ChannelSender } from './core/messages.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import { createQuietGate } from './ops/quiet-gate.js';
import { closeRedis, createRedis, type RedisClient } from './redis.js';

export interface ComplaintParts {
  intake: ComplaintIntake;
  cases: CaseStore;
  /** Next-step deadlines (data/cases/deadlines.json) in HOTLINE_TIMEZONE. */
  deadlines: DeadlinePolicy;
  complaintsQueue: Queue;
  /** The in-process worker (WORKER_ENABLED), once the staff notifier exists; null when off. */
  startWorker(staffNotifier: StaffNotifier): ComplaintWorker | null;
  close(): Promise<void>;
}

export function createComplaintParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  translator: Pick<Translator, 't'>;
  senders: ReadonlyMap<string, ChannelSender>;
  /** The dialogue service, once built: status notices respect the user's "quiet" choice. */
  dialogue: () => DialogueService | undefined;
}): ComplaintParts {
  const { config, redis, logger, translator, senders } = deps;
  const intake = createComplaintIntake({
    connection: config.redisUrl,
    queuePrefix: config.QUEUE_PREFIX,
    redisPrefix: config.REDIS_PREFIX,
    spoolDir: config.SPOOL_DIR,
    logger,
  });
  const deadlines = createDeadlinePolicy(loadDeadlineRules(), config.HOTLINE_TIMEZONE);
  const cases = createCaseStore({
    redis,
    deadlines,
    prefix: config.REDIS_PREFIX,
    spool: intake.spool,
    logger,
    userNotifier: {
      async notifyStatus(channel, userId, lang, ticket, status) {
        const sender = senders.get(channel);
        if (!sender) return;
        // Messages the bot sends on its own respect the user's "quiet" choice (shared phones).
        const dialogue = deps.dialogue();
        if (dialogue && !(await createQuietGate(dialogue)({ channel, userId }))) return;
        const text = translator.t(lang, 'complaint.status_changed', {
          ticket,
          status: translator.t(lang, `complaint.status_label.${status}`),
        });
        await sender.send(userId, [{ text }]);
      },
    },
  });
  // Its own connection: BullMQ loads its scripts onto the client it is given, and ioredis then
  // copies them into every pipeline of that client (the dialogue service's hot path).
  const queueRedis = createRedis(config.redisUrl);
  queueRedis.on('error', () => undefined);
  const complaintsQueue = new Queue(QUEUE_NAME, { connection: queueRedis, prefix: config.QUEUE_PREFIX });
  // Without a listener BullMQ prints every connection error with its stack to the console.
  complaintsQueue.on('error', (err) => logger.warn({ err }, 'complaints queue: Redis error'));
  let worker: ComplaintWorker | null = null;

  return {
    intake,
    cases,
    deadlines,
    complaintsQueue,
    startWorker(staffNotifier) {
      if (!config.WORKER_ENABLED) return null;
      worker = createComplaintWorker({
        connection: config.redisUrl,
        queuePrefix: config.QUEUE_PREFIX,
        redisPrefix: config.REDIS_PREFIX,
        concurrency: config.WORKER_CONCURRENCY,
        logger,
        staffNotifier,
        ...(config.COMPLAINT_WEBHOOK_URL && config.COMPLAINT_WEBHOOK_SECRET
          ? { webhook: { url: config.COMPLAINT_WEBHOOK_URL, secret: config.COMPLAINT_WEBHOOK_SECRET } }
          : {}),
      });
      return worker;
    },
    async close() {
      const errors: unknown[] = [];
      for (const step of [
        () => worker?.close(),
        () => intake.close(),
        () => complaintsQueue.close(),
        () => closeRedis(queueRedis),
      ]) {
        try {
          await step();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length > 0) throw errors[0];
    },
  };
}
