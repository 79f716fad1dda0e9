/**
 * Settings that work but are unsafe, said once at start-up as warnings (one line each), so an
 * operator sees them in the first screen of logs instead of after an incident:
 * - in production: no `PSEUDONYM_SECRET`, Redis without a password, `/metrics` served to the
 *   network without a token, Redis without AOF;
 * - always: a Redis that may evict keys (sessions, cases and BullMQ would vanish silently).
 * Redis is asked through INFO, which managed services allow; when it cannot be asked the
 * check is skipped rather than guessed.
 */
import { type Config, redisUrlHasPassword } from '../config.js';

export interface Warning {
  setting: string;
  message: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** Warnings the configuration alone shows. */
export function configWarnings(config: Config): Warning[] {
  if (config.NODE_ENV !== 'production') return [];
  const out: Warning[] = [];
  if (!config.PSEUDONYM_SECRET) {
    out.push({
      setting: 'PSEUDONYM_SECRET',
      message:
        'PSEUDONYM_SECRET is not set: hashed user ids in logs and the pseudonyms staff see can be recomputed from phone numbers; set a long random value',
    });
  }
  if (!redisUrlHasPassword(config.redisUrl)) {
    out.push({
      setting: 'REDIS_PASSWORD',
      message: 'Redis is used without a password (REDIS_URL has none, REDIS_PASSWORD is empty); every case lives there',
    });
  }
  if (config.HTTP_ENABLED && !LOOPBACK.test(config.HTTP_HOST) && !config.METRICS_TOKEN) {
    out.push({
      setting: 'METRICS_TOKEN',
      message: `/metrics is open to anyone who reaches ${config.HTTP_HOST}:${config.HTTP_PORT}; set METRICS_TOKEN (Prometheus sends it as a bearer token) or bind HTTP_HOST to 127.0.0.1`,
    });
  }
  return out;
}

export interface InfoSource {
  info(section: string): Promise<string>;
}

/** Reads `name:value` lines of an INFO reply. */
export function infoField(info: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*)$`, 'm').exec(info);
  return m?.[1]?.trim();
}

/** Warnings about the Redis server itself; an unanswered INFO gives none. */
export async function redisWarnings(redis: InfoSource, production: boolean): Promise<Warning[]> {
  const out: Warning[] = [];
  let memory: string;
  let persistence: string;
  try {
    [memory, persistence] = await Promise.all([redis.info('memory'), redis.info('persistence')]);
  } catch {
    return out;
  }
  const policy = infoField(memory, 'maxmemory_policy');
  if (policy && policy !== 'noeviction') {
    out.push({
      setting: 'maxmemory-policy',
      message: `Redis evicts keys when full (maxmemory-policy ${policy}): sessions, cases and queued complaints could vanish; set maxmemory-policy noeviction`,
    });
  }
  if (production && infoField(persistence, 'aof_enabled') === '0') {
    out.push({
      setting: 'appendonly',
      message:
        'Redis runs without AOF (appendonly no): a restart loses everything since the last snapshot; set appendonly yes',
    });
  }
  return out;
}
