/** Start-up checks that must fail with one clear line, not a stack trace. */
import type { Config } from './config.js';
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
  } catch {
    if (!config.redisUrlGiven) {
      throw new StartupError(
        `Redis is not answering at ${config.redisUrl}. Start one with: ${START_REDIS} (or set REDIS_URL).`,
      );
    }
    throw new StartupError('Redis is not answering at REDIS_URL; check the address and that the server runs.');
  } finally {
    clearTimeout(timer);
    probe.disconnect();
    await closeRedis(probe).catch(() => undefined);
  }
}
