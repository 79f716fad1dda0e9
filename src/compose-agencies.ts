/**
 * The agency registry of one bot process, for the composition (src/compose-bot.ts): the
 * configured source re-imported on a schedule, else the fictional sample (answers say so).
 */
import { readFileSync, statSync } from 'node:fs';
import { createAgencyRefresher } from './agencies/agency-refresher.js';
import { type AgencyRegistry, createAgencyRegistry } from './agencies/agency-registry.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { RedisClient } from './redis.js';

const SAMPLE_REGISTRY = 'data/agencies-sample.csv';

export interface AgencyParts {
  registry: AgencyRegistry;
  /** Loads the sample when no source is configured and Redis holds no registry; starts the refresher. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Age of the registry's source data in seconds (NaN without a registry), for the metrics. */
  ageSeconds(): Promise<number>;
}

export function createAgencyParts(deps: { config: Config; redis: RedisClient; logger: Logger }): AgencyParts {
  const { config, redis, logger } = deps;
  const registry = createAgencyRegistry({ redis, prefix: config.REDIS_PREFIX, logger });
  const refresher = config.AGENCY_REGISTRY_SOURCE
    ? createAgencyRefresher({
        connection: config.redisUrl,
        queuePrefix: config.QUEUE_PREFIX,
        source: config.AGENCY_REGISTRY_SOURCE,
        everyMinutes: config.AGENCY_REFRESH_EVERY_MINUTES,
        registry,
        logger,
      })
    : null;

  async function loadSampleRegistryIfEmpty(): Promise<void> {
    if (refresher || (await registry.info())) return;
    const sourceDate = statSync(SAMPLE_REGISTRY).mtime.toISOString().slice(0, 10);
    const report = await registry.importCsv(readFileSync(SAMPLE_REGISTRY), {
      sourceDate,
      sample: true,
      source: 'sample',
    });
    logger.info({ status: report.status }, 'loaded the sample agency registry (fictional companies)');
  }

  return {
    registry,
    async start() {
      await loadSampleRegistryIfEmpty();
      await refresher?.start();
    },
    close: async () => refresher?.close(),
    async ageSeconds() {
      const meta = await registry.info();
      return meta ? (Date.now() - Date.parse(`${meta.sourceDate}T00:00:00Z`)) / 1000 : Number.NaN;
    },
  };
}
