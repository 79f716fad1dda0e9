/**
 * The agency registry as one bot process sees it: an in-memory matcher built from the current
 * Redis version. Lookups re-read the version pointer at most every `checkIntervalMs`; when it
 * moved, the new version is loaded and indexed before it replaces the old index in one
 * assignment, so a lookup always works on one whole version. When Redis fails, the last index
 * keeps answering (the answer states how old its data is).
 */

import { withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { type AgencyMatcher, createAgencyMatcher, type MatchResult } from './agency-matcher.js';
import type { RegistryMeta } from './agency-schema.js';
import { type AgencyStore, createAgencyStore } from './agency-store.js';
import { type ImportOptions, type ImportReport, importAgencies } from './import-agencies.js';

/** Choice ids for candidates: the licence number, so they survive a registry re-import. */
export const LICENCE_ID_PREFIX = 'lic:';

export function agencyChoiceId(licenceKey: string): string {
  return `${LICENCE_ID_PREFIX}${licenceKey}`.slice(0, 64);
}

export interface AgencyRegistryOptions {
  redis: RedisClient;
  /** REDIS_PREFIX. */
  prefix: string;
  logger?: Logger;
  /** Re-read the version pointer at most this often (ms); 0 = on every lookup. Default 5000. */
  checkIntervalMs?: number;
  /** A Redis call slower than this (ms) counts as a failure. Default 1500. */
  timeoutMs?: number;
  oldVersionTtlSeconds?: number;
  now?: () => number;
}

export type AgencyLookup =
  | { status: 'ok'; meta: RegistryMeta; result: MatchResult }
  | { status: 'unavailable'; reason: 'empty' | 'redis' };

export interface AgencyRegistry {
  /** A company name, a licence number, or a choice id `lic:<licence>`. */
  lookup(query: string): Promise<AgencyLookup>;
  /** Validates and publishes a CSV, then switches this process to it at once. */
  importCsv(input: Buffer | string, options: ImportOptions): Promise<ImportReport>;
  /** Metadata of the registry in use (after a pointer check), or null when there is none. */
  info(): Promise<RegistryMeta | null>;
  /** Re-reads the pointer now, whatever the interval. */
  refresh(): Promise<void>;
  readonly store: AgencyStore;
}

class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

export function createAgencyRegistry(options: AgencyRegistryOptions): AgencyRegistry {
  const store = createAgencyStore({
    redis: options.redis,
    prefix: options.prefix,
    ...(options.oldVersionTtlSeconds !== undefined ? { oldVersionTtlSeconds: options.oldVersionTtlSeconds } : {}),
  });
  const now = options.now ?? Date.now;
  const interval = options.checkIntervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 1500;
  const log = options.logger;

  let current: { meta: RegistryMeta; matcher: AgencyMatcher } | null = null;
  let lastCheck = Number.NEGATIVE_INFINITY;
  let redisOk = true;
  let inflight: Promise<void> | null = null;

  const timed = <T>(p: Promise<T>) => withTimeout(p, timeoutMs, (ms) => new RedisTimeoutError(ms));

  async function syncOnce(): Promise<void> {
    try {
      let version = await timed(store.currentVersion());
      // Two rounds: the version read may expire before we load it if imports come quickly.
      for (let round = 0; round < 2; round++) {
        if (version === null) {
          if (current) log?.warn('agency registry pointer is gone; answering "unavailable"');
          current = null;
          break;
        }
        if (current?.meta.version === version) break;
        const stored = await timed(store.load(version));
        if (stored) {
          const started = now();
          current = { meta: stored.meta, matcher: createAgencyMatcher(stored.records) };
          log?.info(
            { version, count: stored.meta.count, sample: stored.meta.sample, buildMs: now() - started },
            'agency registry loaded',
          );
          break;
        }
        version = await timed(store.currentVersion());
      }
      if (!redisOk) log?.info('agency registry reachable again');
      redisOk = true;
    } catch (err) {
      if (redisOk) log?.warn({ err }, 'agency registry check failed; keeping the loaded registry');
      redisOk = false;
    } finally {
      lastCheck = now();
    }
  }

  async function sync(force: boolean): Promise<void> {
    if (!force && now() - lastCheck < interval) return;
    // A check that started before a publish may have read the old pointer: wait, then check again.
    if (force && inflight) await inflight;
    inflight ??= syncOnce().finally(() => {
      inflight = null;
    });
    await inflight;
  }

  return {
    store,

    async lookup(query) {
      await sync(false);
      const reg = current;
      if (!reg) return { status: 'unavailable', reason: redisOk ? 'empty' : 'redis' };
      if (query.startsWith(LICENCE_ID_PREFIX)) {
        const agency = reg.matcher.byLicence(query.slice(LICENCE_ID_PREFIX.length));
        const result: MatchResult = agency
          ? { kind: 'found', agency, score: 1, by: 'licence' }
          : { kind: 'none', by: 'licence' };
        return { status: 'ok', meta: reg.meta, result };
      }
      return { status: 'ok', meta: reg.meta, result: reg.matcher.match(query) };
    },

    async importCsv(input, importOptions) {
      const report = await importAgencies(store, input, importOptions);
      if (report.status === 'imported') await sync(true);
      return report;
    },

    async info() {
      await sync(false);
      return current?.meta ?? null;
    },

    refresh: () => sync(true),
  };
}
