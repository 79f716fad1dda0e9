/**
 * Re-imports the registry from AGENCY_REGISTRY_SOURCE on a BullMQ job scheduler. Whichever bot
 * process's worker takes a run imports for all (the registry lives in Redis). A failed or
 * invalid download keeps the current registry; it is logged, counted, and the job is marked
 * failed so operators see it in the queue.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis, type RedisClient } from '../redis.js';
import type { AgencyRegistry } from './agency-registry.js';
import { readAgencySource } from './read-agency-source.js';

export const AGENCY_REFRESH_QUEUE = 'agency-refresh';

export interface AgencyRefresherOptions {
  /** A Redis URL (connections are made and closed here) or a client built with `maxRetriesPerRequest: null`. */
  connection: string | RedisClient;
  /** QUEUE_PREFIX. */
  queuePrefix: string;
  queueName?: string;
  /** A file path or an http(s) URL of a registry CSV. */
  source: string;
  everyMinutes: number;
  registry: AgencyRegistry;
  logger: Logger;
  /** Mark imports as sample data (a `# sample` comment in the file does the same). */
  sample?: boolean;
  fetchTimeoutMs?: number;
  timeZone?: string;
  /** False for a process that should only keep the schedule, not run it. Default true. */
  runWorker?: boolean;
}

export interface RefreshStats {
  refreshOk: number;
  refreshFailed: number;
  lastError?: string;
  lastOkAt?: string;
}

export type RefreshOutcome =
  | { ok: true; loaded: number; rejected: number; version: string }
  | { ok: false; error: string };

export interface AgencyRefresher {
  /** Upserts the schedule (first run right away) and starts the worker. */
  start(): Promise<void>;
  /** One refresh in this process, now, outside the queue. */
  refreshNow(): Promise<RefreshOutcome>;
  stats(): RefreshStats;
  close(): Promise<void>;
}

export class AgencyRefreshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgencyRefreshError';
  }
}

export function createAgencyRefresher(options: AgencyRefresherOptions): AgencyRefresher {
  const { logger, registry } = options;
  const queueName = options.queueName ?? AGENCY_REFRESH_QUEUE;
  const counters: RefreshStats = { refreshOk: 0, refreshFailed: 0 };
  const owned: RedisClient[] = [];
  let queue: Queue | undefined;
  let worker: Worker | undefined;

  const connect = (): RedisClient => {
    if (typeof options.connection !== 'string') return options.connection;
    const client = createRedis(options.connection, { maxRetriesPerRequest: null });
    owned.push(client);
    return client;
  };

  async function refreshNow(): Promise<RefreshOutcome> {
    const outcome = await attempt();
    if (outcome.ok) {
      counters.refreshOk++;
      counters.lastOkAt = new Date().toISOString();
      logger.info(
        { loaded: outcome.loaded, rejected: outcome.rejected, version: outcome.version },
        'agency registry refreshed',
      );
    } else {
      counters.refreshFailed++;
      counters.lastError = outcome.error;
      logger.warn({ error: outcome.error }, 'agency registry refresh failed; keeping the current registry');
    }
    return outcome;
  }

  async function attempt(): Promise<RefreshOutcome> {
    const read = await readAgencySource(options.source, {
      ...(options.fetchTimeoutMs !== undefined ? { timeoutMs: options.fetchTimeoutMs } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    if (!read.ok) return { ok: false, error: read.error };
    try {
      const report = await registry.importCsv(read.content, {
        sourceDate: read.sourceDate,
        sample: options.sample === true,
        source: read.label,
      });
      if (report.status === 'imported') {
        return { ok: true, loaded: report.loaded, rejected: report.rejected.length, version: report.meta.version };
      }
      return { ok: false, error: `${read.label}: ${report.reason}` };
    } catch (err) {
      return { ok: false, error: `saving the registry failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  return {
    refreshNow,
    stats: () => ({ ...counters }),

    async start() {
      queue = new Queue(queueName, { connection: connect(), prefix: options.queuePrefix });
      queue.on('error', (err) => logger.warn({ err }, 'agency refresh queue error'));
      await queue.upsertJobScheduler(
        'agency-refresh',
        { every: Math.round(options.everyMinutes * 60_000) },
        { name: 'refresh', data: {}, opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } } },
      );
      if (options.runWorker === false) return;
      worker = new Worker(
        queueName,
        async () => {
          const outcome = await refreshNow();
          if (!outcome.ok) throw new AgencyRefreshError(outcome.error);
          return outcome;
        },
        { connection: connect(), prefix: options.queuePrefix, concurrency: 1 },
      );
      worker.on('error', (err) => logger.warn({ err }, 'agency refresh worker error'));
    },

    async close() {
      await worker?.close();
      await queue?.close();
      await Promise.all(owned.map((c) => closeRedis(c)));
      owned.length = 0;
    },
  };
}
