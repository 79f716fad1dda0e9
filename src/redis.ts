/**
 * Redis connections. One place decides how a URL becomes an ioredis client, so Sentinel and
 * Cluster URLs work everywhere (sessions, locks, queues).
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface RedisConnectOptions {
  /** BullMQ workers need `null` here (blocking commands). */
  maxRetriesPerRequest?: number | null;
  /** Fail fast instead of queueing commands while disconnected. */
  enableOfflineQueue?: boolean;
  lazyConnect?: boolean;
  /**
   * A command with no reply within this many ms fails (ioredis `commandTimeout`): a frozen
   * Redis keeps the TCP connection open, and without it a message waits forever for its
   * apology. Never on a blocking connection (BullMQ workers).
   */
  commandTimeoutMs?: number;
}

/**
 * Accepts `redis://`, `rediss://`, `redis-sentinel://host:port,host:port/masterName` and
 * `redis-cluster://host:port,host:port`.
 */
export function createRedis(url: string, options: RedisConnectOptions = {}): RedisClient {
  const common: RedisOptions = {
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    lazyConnect: options.lazyConnect ?? false,
    ...(options.commandTimeoutMs !== undefined && options.maxRetriesPerRequest !== null
      ? { commandTimeout: options.commandTimeoutMs }
      : {}),
    // Reconnect at least every second: ioredis 6 backs off to 5 s, and while it waits the queued
    // commands of a conversation wait too (the user's apology came only after ~11 s).
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
  if (url.startsWith('redis-cluster://')) {
    const { auth, rest } = splitAuth(url.slice('redis-cluster://'.length));
    const nodes = parseHosts(rest.split('/')[0] ?? '');
    return new Cluster(nodes, {
      redisOptions: { ...common, ...auth },
      enableOfflineQueue: common.enableOfflineQueue,
      lazyConnect: common.lazyConnect,
    });
  }
  if (url.startsWith('redis-sentinel://')) {
    const { auth, rest } = splitAuth(url.slice('redis-sentinel://'.length));
    const [hosts = '', name = 'mymaster'] = rest.split('/');
    // The password is the master's (and its replicas'); sentinels themselves usually have none.
    return new Redis({ ...common, ...auth, sentinels: parseHosts(hosts), name });
  }
  return new Redis(url, common);
}

/** `user:password@rest` of a sentinel or cluster URL (plain URLs are parsed by ioredis itself). */
function splitAuth(afterScheme: string): { auth: { username?: string; password?: string }; rest: string } {
  const at = afterScheme.lastIndexOf('@');
  if (at < 0) return { auth: {}, rest: afterScheme };
  const [user = '', password] = afterScheme.slice(0, at).split(':');
  const auth: { username?: string; password?: string } = {};
  if (user) auth.username = decodeURIComponent(user);
  if (password !== undefined) auth.password = decodeURIComponent(password);
  return { auth, rest: afterScheme.slice(at + 1) };
}

function parseHosts(list: string): { host: string; port: number }[] {
  return list
    .split(',')
    .filter(Boolean)
    .map((hp) => {
      const [host = '127.0.0.1', port = '6379'] = hp.split(':');
      return { host, port: Number(port) };
    });
}

/** Closes a client without throwing if it is already gone. */
export async function closeRedis(client: RedisClient): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
