/**
 * Privacy and operations parts of one bot process, for the composition (src/compose-bot.ts):
 * data deletion and retention, and the handler every channel gets (in-flight gate, metrics,
 * rate limits, the staff-card history) with `/metrics` and `/healthz` on the HTTP server.
 */
import type { Queue } from 'bullmq';
import type { CaseStore } from './complaints/case-store.js';
import type { Config } from './config.js';
import type { ActionHandler } from './core/action-types.js';
import type { ChannelAdapter, IncomingMessage, MessageHandler } from './core/messages.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { HandoverEvent, HandoverLog } from './handover/handover-log.js';
import { pseudonymOf } from './handover/pseudonym.js';
import type { HttpServer } from './http/http-server.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import { createChannelBudget } from './ops/channel-budget.js';
import { createHealth } from './ops/health.js';
import { type Metrics, withBearerToken, withMetrics } from './ops/metrics.js';
import { withRateLimit } from './ops/rate-limits.js';
import { createInflightGate, type InflightGate } from './ops/shutdown.js';
import type { WorkMetrics } from './ops/work-metrics.js';
import { createComplaintEraser } from './privacy/complaint-eraser.js';
import {
  createDataEraser,
  createRelayHistoryEraser,
  createSetMemberEraser,
  type Eraser,
} from './privacy/data-eraser.js';
import { createDeleteMyDataAction } from './privacy/delete-my-data-action.js';
import { createRetentionJob, type RetentionJob } from './privacy/retention-job.js';
import type { RedisClient } from './redis.js';

export function createPrivacyParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  complaintsQueue: Queue;
  /** The handover's eraser: it must run before the relay history eraser, whose record it reads. */
  handoverEraser: Eraser;
  /** The handover events of the report carry the worker's pseudonym: removed with the rest. */
  handoverLog: HandoverLog;
  /** Every other store that keeps something per conversation registers its eraser here. */
  areaErasers?: Eraser[];
  t: Translator['t'];
  /** What channels keep per user beyond the conversation (the Cloud API's window time). */
  channelErasers?: Eraser[];
}): { deleteMyData: ActionHandler; retention: RetentionJob } {
  const { config, redis, logger } = deps;
  const prefix = config.REDIS_PREFIX;
  const eraser = createDataEraser({
    redis,
    prefix,
    logger,
    pseudonymSecret: config.PSEUDONYM_SECRET,
    erasers: [
      createComplaintEraser({ redis, redisPrefix: prefix, queue: deps.complaintsQueue, logger }),
      deps.handoverEraser,
      createRelayHistoryEraser({ redis, prefix }),
      ...(deps.areaErasers ?? []),
      // The global set of blocked users of earlier versions (now a key of the conversation's own).
      createSetMemberEraser({ redis, name: 'telegram-inactive', key: `${prefix}:tg:inactive`, channel: 'telegram' }),
      ...(deps.channelErasers ?? []),
      {
        name: 'handover-events',
        async erase(conv) {
          await deps.handoverLog.erase(pseudonymOf(conv.channel, conv.userId, config.PSEUDONYM_SECRET));
          return { deleted: [] };
        },
      },
    ],
  });
  const retention = createRetentionJob({
    connection: config.redisUrl,
    queuePrefix: config.QUEUE_PREFIX,
    redisPrefix: prefix,
    retentionDays: config.RETENTION_DAYS,
    logger,
    timezone: config.HOTLINE_TIMEZONE,
  });
  return { deleteMyData: createDeleteMyDataAction(eraser, deps.t), retention };
}

/**
 * Where handover events go: the event log (report, digest), the time-to-take histogram, and
 * the case the conversation filed (its `takenAt`).
 */
export function createHandoverEvents(deps: {
  log: HandoverLog;
  work: WorkMetrics;
  cases: Pick<CaseStore, 'markTaken'>;
}): (e: HandoverEvent) => Promise<void> {
  return async (e) => {
    if (e.kind === 'taken') {
      deps.work.observeTake(e.urgent, (e.at - e.since) / 1000);
      if (e.ticket) await deps.cases.markTaken(e.ticket, e.at);
    }
    await deps.log.record(e);
  };
}

export function createChannelHandler(deps: {
  config: Config;
  redis: RedisClient;
  dialogue: DialogueService;
  /** The dialogue service (it records the staff history and counts the user's budget itself). */
  withHistory: MessageHandler;
  t: Translator['t'];
  /** False for the terminal chat: one trusted operator, long scripts, no per-user limit. */
  rateLimited: boolean;
  complaintsQueue: Queue;
  metrics: Metrics;
  waitingCount: () => Promise<number>;
  registryAgeSeconds: () => Promise<number>;
  http: HttpServer | null;
  channels: readonly ChannelAdapter[];
  noChannelProblem?: string | undefined;
}): { handler: MessageHandler; inflight: InflightGate } {
  const { config, redis, metrics } = deps;
  metrics.watchQueue('complaints', deps.complaintsQueue);
  metrics.setWaitingSource(deps.waitingCount);
  metrics.setRegistryAgeSource(deps.registryAgeSeconds);
  deps.http?.route('GET', '/metrics', withBearerToken(metrics.route(), config.METRICS_TOKEN));
  deps.http?.setHealthProvider(
    createHealth({
      redis,
      queues: [deps.complaintsQueue],
      channels: () => deps.channels.map((c) => c.health()),
      ...(deps.noChannelProblem ? { noChannelProblem: deps.noChannelProblem } : {}),
    }),
  );
  const limited = deps.rateLimited
    ? withRateLimit(
        deps.withHistory,
        createChannelBudget({
          channelPerSecond: config.CHANNEL_RATE_PER_SECOND,
          userPerMinute: config.USER_RATE_PER_MINUTE,
          exempt: (m) => deps.dialogue.refusing(m as IncomingMessage),
        }),
        deps.t,
        {
          languageOf: async (m) => (await deps.dialogue.peek(m))?.lang,
          defaultLanguage: config.DEFAULT_LANGUAGE,
          onLimited: (m, r) => metrics.limited(m.channel, r),
        },
      )
    : deps.withHistory;
  const inflight = createInflightGate();
  return { handler: inflight.wrap(withMetrics(limited, metrics)), inflight };
}
