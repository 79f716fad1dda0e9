/**
 * The `/healthz` report: Redis answers a PING, each queue answers a job count, and
 * each channel reports its state. Policy (docs/deployment.md):
 * - Redis or a queue unreachable: unhealthy (503); nothing works without them.
 * - a channel `failed` or `stopped`: unhealthy (503); `stopped` also covers the shutdown, so
 *   a load balancer stops sending webhooks to a process that is going away.
 * - a channel `starting` or `reconnecting`: degraded (200); restarting the container would
 *   not help a reconnect in progress, and WhatsApp may wait minutes for a QR scan.
 * Every check is bounded, so a hung Redis is reported instead of hanging the probe.
 */

import type { ChannelHealth } from '../core/messages.js';
import type { HealthProvider, HealthReport } from '../http/http-server.js';

/** What a queue must offer; a BullMQ `Queue` does. Reading one count is the reachability probe. */
export interface PingableQueue {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

export interface HealthOptions {
  redis: { ping(): Promise<unknown> };
  queues?: PingableQueue[];
  /** Read on every probe, so channels started later are included. */
  channels?: () => ChannelHealth[];
  /** Bound per check; default 1500 ms (the HTTP server's own bound is 2000 ms). */
  timeoutMs?: number;
  /** A service with no channel configured: unhealthy, with this reason, instead of healthy doing nothing. */
  noChannelProblem?: string;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

const UNHEALTHY_STATES = new Set(['failed', 'stopped']);
const DEGRADED_STATES = new Set(['starting', 'reconnecting']);

export function createHealth(opts: HealthOptions): HealthProvider {
  const timeoutMs = opts.timeoutMs ?? 1500;

  async function reachable(ping: () => Promise<unknown>): Promise<'ok' | 'down'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return 'ok';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }

  return async (): Promise<HealthReport> => {
    const [redis, ...queueStates] = await Promise.all([
      reachable(() => opts.redis.ping()),
      ...(opts.queues ?? []).map((q) => reachable(() => q.getJobCounts('waiting'))),
    ]);
    const queues = Object.fromEntries((opts.queues ?? []).map((q, i) => [q.name, queueStates[i] ?? 'down']));
    const channelList = opts.channels?.() ?? [];
    const channels = Object.fromEntries(
      channelList.map((c) => [c.channel, c.detail ? { state: c.state, detail: c.detail } : { state: c.state }]),
    );
    let status: HealthStatus = 'healthy';
    if (channelList.some((c) => DEGRADED_STATES.has(c.state))) status = 'degraded';
    const problem = channelList.length === 0 ? opts.noChannelProblem : undefined;
    if (
      redis === 'down' ||
      queueStates.some((s) => s === 'down') ||
      channelList.some((c) => UNHEALTHY_STATES.has(c.state)) ||
      problem
    ) {
      status = 'unhealthy';
    }
    return {
      ok: status !== 'unhealthy',
      details: { status, redis, queues, channels, ...(problem ? { problem } : {}) },
    };
  };
}
