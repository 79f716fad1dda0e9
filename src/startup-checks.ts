/** Start-up checks that must fail with one clear line, not a stack trace. */
import { type Config, redisUrlLabel } from './config.js';
import { redisWarnings, type Warning } from './ops/production-warnings.js';
import { closeRedis, createRedis } from './redis.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no';

/** Pings Redis once with a short timeout; explains how to start it when the default answers nothing. */
export async function checkRedis(config: Config, timeoutMs = 3000): Promise<void> {
  const probe = createRedis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: true });
  probe.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
  } catch (err) {
    if (/NOAUTH|WRONGPASS|invalid password|AUTH/i.test(String((err as Error)?.message))) {
      throw new StartupError(
        `Redis at ${redisUrlLabel(config.redisUrl)} refused the password: check REDIS_PASSWORD (or the password in REDIS_URL).`,
      );
    }
    if (!config.redisUrlGiven) {
      throw new StartupError(
        `Redis is not answering at ${redisUrlLabel(config.redisUrl)}. Start one with: ${START_REDIS} (or set REDIS_URL).`,
      );
    }
    throw new StartupError('Redis is not answering at REDIS_URL; check the address and that the server runs.');
  } finally {
    clearTimeout(timer);
    probe.disconnect();
    await closeRedis(probe).catch(() => undefined);
  }
}

/** Asks Redis about unsafe settings (eviction, no AOF in production); none when it cannot be asked. */
export async function readRedisWarnings(config: Config, timeoutMs = 2000): Promise<Warning[]> {
  const probe = createRedis(config.redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: true });
  probe.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      redisWarnings({ info: (section) => probe.info(section) }, config.NODE_ENV === 'production'),
      new Promise<Warning[]>((resolve) => {
        timer = setTimeout(() => resolve([]), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await closeRedis(probe).catch(() => undefined);
  }
}
