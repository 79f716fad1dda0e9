/**
 * The registry in Redis. Each import is written whole under a new version key; then one
 * pointer key is flipped in a MULTI. A reader gets the pointer and then that version's single
 * value, so it sees the old registry or the new one, never a mix. Old versions are kept for a
 * while (a reader may hold the previous pointer) and then expire.
 *
 * Keys share the hash tag `{agencies}` so the MULTI and the clean-up script stay in one slot
 * on Redis Cluster.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis.js';
import { type AgencyRecord, type RegistryMeta, type StoredRegistry, storedRegistrySchema } from './agency-schema.js';

export interface AgencyStoreOptions {
  redis: RedisClient;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** How long a replaced version stays readable. */
  oldVersionTtlSeconds?: number;
}

export interface PublishInput {
  records: AgencyRecord[];
  sourceDate: string;
  sample: boolean;
  source?: string;
  importedAt?: Date;
}

export interface AgencyStore {
  /** The current version id, or null when no registry was ever imported. */
  currentVersion(): Promise<string | null>;
  /** A version's registry, or null when it has expired meanwhile. */
  load(version: string): Promise<StoredRegistry | null>;
  publish(input: PublishInput): Promise<RegistryMeta>;
  /** Every key this store may have written (for tests and operators). */
  keyPattern(): string;
}

// Gives replaced versions a TTL (once) and forgets versions whose key is gone. Runs as one
// script so it cannot race a concurrent flip of the pointer.
const CLEANUP = `
local cur = redis.call('GET', KEYS[1])
for _, v in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if v ~= cur then
    local k = ARGV[1] .. v
    if redis.call('EXISTS', k) == 1 then
      if redis.call('PTTL', k) == -1 then redis.call('PEXPIRE', k, ARGV[2]) end
    else
      redis.call('SREM', KEYS[2], v)
    end
  end
end
return 1`;

export function createAgencyStore(options: AgencyStoreOptions): AgencyStore {
  const { redis } = options;
  const base = `${options.prefix}:{agencies}`;
  const currentKey = `${base}:current`;
  const versionsKey = `${base}:versions`;
  const versionPrefix = `${base}:v:`;
  const ttlMs = (options.oldVersionTtlSeconds ?? 600) * 1000;

  return {
    keyPattern: () => `${base}:*`,

    currentVersion: async () => redis.get(currentKey),

    async load(version) {
      const raw = await redis.get(versionPrefix + version);
      if (raw === null) return null;
      return storedRegistrySchema.parse(JSON.parse(raw));
    },

    async publish(input) {
      const version = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
      const meta: RegistryMeta = {
        version,
        sourceDate: input.sourceDate,
        sample: input.sample,
        importedAt: (input.importedAt ?? new Date()).toISOString(),
        count: input.records.length,
        ...(input.source ? { source: input.source.slice(0, 200) } : {}),
      };
      const stored = storedRegistrySchema.parse({ meta, records: input.records });
      const key = versionPrefix + version;
      // Registered first, so a crash before the flip leaves nothing the clean-up cannot find.
      await redis.sadd(versionsKey, version);
      await redis.set(key, JSON.stringify(stored));
      const results = await redis.multi().persist(key).set(currentKey, version).exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw new Error(`registry switch failed: ${String(failed?.[0] ?? 'aborted')}`);
      await redis.eval(CLEANUP, 2, currentKey, versionsKey, versionPrefix, String(ttlMs));
      return meta;
    },
  };
}
