/**
 * Prometheus metrics (prom-client), one registry per process. Counters and the latency
 * histogram are fed by `withMetrics` around the message handler; gauges that live elsewhere
 * (Redis, BullMQ, the agency registry) are read at scrape time through callbacks, each
 * bounded so a slow Redis cannot hang a scrape. Labels are low-cardinality: channel, intent
 * label, queue name. Never a user id.
 */
import { timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MessageHandler } from '../core/messages.js';
import type { RouteHandler } from '../http/http-server.js';

type Source = () => Promise<number | null> | number | null;

/** What a queue must offer; a BullMQ `Queue` does. */
export interface CountableQueue {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
  /** Longest wait for one gauge source at scrape time; default 1000 ms. */
  collectTimeoutMs?: number;
}

export interface Metrics {
  readonly registry: Registry;
  messageIn(channel: string): void;
  messagesOut(channel: string, count: number): void;
  limited(channel: string, reason: 'user' | 'channel'): void;
  /** Seconds from receiving a message to having its replies. */
  observeStep(channel: string, seconds: number): void;
  intent(channel: string, intent: string | null): void;
  /**
   * Reads a scrape-time source within the bound; null when it failed or took too long (the
   * failure is counted in `pmi_metrics_collect_errors_total{source}`).
   */
  readSource<T>(name: string, source: () => Promise<T>): Promise<T | null>;
  /** Conversations in `waiting` (escalated, no staff yet); read at scrape time. */
  setWaitingSource(source: Source): void;
  /** Age of the agency registry's source data in seconds; read at scrape time. */
  setRegistryAgeSource(source: Source): void;
  /** Depth (waiting, prioritized, delayed, active) and failed jobs of a queue; read at scrape time. */
  watchQueue(name: string, queue: CountableQueue): void;
  /** `GET /metrics` in the Prometheus text format. */
  route(): RouteHandler;
}

const DEPTH_STATES = ['waiting', 'prioritized', 'delayed', 'active'];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const timeoutMs = options.collectTimeoutMs ?? 1000;
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'pmi_' });
    // prom-client names three gauges *_total, which `promtool check metrics` refuses (only
    // counters end in _total); the per-type gauges without the suffix stay.
    for (const kind of ['handles', 'requests', 'resources'])
      registry.removeSingleMetric(`pmi_nodejs_active_${kind}_total`);
  }

  let waiting: Source | null = null;
  let registryAge: Source | null = null;
  const queues = new Map<string, CountableQueue>();

  const collectErrors = new Counter({
    name: 'pmi_metrics_collect_errors_total',
    help: 'Gauge sources that failed or timed out at scrape time',
    labelNames: ['source'],
    registers: [registry],
  });
  /**
   * Reads a source within the bound. A failed read is NaN, not 0: "0 conversations waiting"
   * would be a lie that silences an alert.
   */
  async function read(name: string, source: Source): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        Promise.resolve().then(source),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return value ?? Number.NaN;
    } catch {
      collectErrors.inc({ source: name });
      return Number.NaN;
    } finally {
      clearTimeout(timer);
    }
  }

  const messagesIn = new Counter({
    name: 'pmi_messages_in_total',
    help: 'Messages received from users',
    labelNames: ['channel'],
    registers: [registry],
  });
  const messagesOut = new Counter({
    name: 'pmi_messages_out_total',
    help: 'Messages sent to users',
    labelNames: ['channel'],
    registers: [registry],
  });
  const limitedTotal = new Counter({
    name: 'pmi_messages_limited_total',
    help: 'Messages refused by the rate limits',
    labelNames: ['channel', 'reason'],
    registers: [registry],
  });
  const stepSeconds = new Histogram({
    name: 'pmi_step_duration_seconds',
    help: 'Time from receiving a message to having its replies (lock, session, engine, actions)',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const intents = new Counter({
    name: 'pmi_intents_total',
    help: 'Messages by channel and recognised intent (none = read as a form answer or not understood)',
    labelNames: ['channel', 'intent'],
    registers: [registry],
  });
  new Gauge({
    name: 'pmi_conversations_waiting',
    help: 'Conversations escalated to staff and not yet taken',
    registers: [registry],
    async collect() {
      if (waiting) this.set(await read('waiting', waiting));
    },
  });
  new Gauge({
    name: 'pmi_agency_registry_age_seconds',
    help: 'Age of the agency registry source data',
    registers: [registry],
    async collect() {
      if (registryAge) this.set(await read('registry_age', registryAge));
    },
  });
  const counts = new Map<string, Record<string, number> | null>();
  // prom-client collects all metrics of a scrape concurrently: both queue gauges share one
  // round of getJobCounts per scrape.
  let inflight: Promise<void> | null = null;
  const readCounts = () => {
    inflight ??= readAllCounts().finally(() => {
      inflight = null;
    });
    return inflight;
  };
  const readAllCounts = async () => {
    counts.clear();
    await Promise.all(
      [...queues].map(async ([name, q]) => {
        let result: Record<string, number> | null = null;
        const ok = await read(`queue_${name}`, async () => {
          result = await q.getJobCounts(...DEPTH_STATES, 'failed');
          return 0;
        });
        counts.set(name, Number.isNaN(ok) ? null : result);
      }),
    );
  };
  new Gauge({
    name: 'pmi_queue_depth',
    help: 'Jobs waiting, delayed or running in a queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      await readCounts();
      for (const [name, c] of counts) {
        if (c)
          this.set(
            { queue: name },
            DEPTH_STATES.reduce((sum, s) => sum + (c[s] ?? 0), 0),
          );
      }
    },
  });
  new Gauge({
    name: 'pmi_queue_failed_jobs',
    help: 'Jobs that exhausted their attempts and wait for an operator',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      await readCounts();
      for (const [name, c] of counts) if (c) this.set({ queue: name }, c.failed ?? 0);
    },
  });

  return {
    registry,
    messageIn: (channel) => messagesIn.inc({ channel }),
    messagesOut: (channel, count) => {
      if (count > 0) messagesOut.inc({ channel }, count);
    },
    limited: (channel, reason) => limitedTotal.inc({ channel, reason }),
    observeStep: (channel, seconds) => stepSeconds.observe({ channel }, seconds),
    intent: (channel, intent) => intents.inc({ channel, intent: intent ?? 'none' }),
    async readSource(name, source) {
      let result: Awaited<ReturnType<typeof source>> | null = null;
      const ok = await read(name, async () => {
        result = await source();
        return 0;
      });
      return Number.isNaN(ok) ? null : result;
    },
    setWaitingSource: (s) => {
      waiting = s;
    },
    setRegistryAgeSource: (s) => {
      registryAge = s;
    },
    watchQueue: (name, queue) => {
      queues.set(name, queue);
    },
    route: () => async () => ({
      status: 200,
      body: await registry.metrics(),
      headers: { 'content-type': registry.contentType },
    }),
  };
}

/** Counts messages in and out, step latency and intents around a message handler. */
export function withMetrics(handler: MessageHandler, metrics: Metrics): MessageHandler {
  return {
    async handle(msg, options) {
      metrics.messageIn(msg.channel);
      const started = performance.now();
      const result = await handler.handle(msg, options);
      if (!result.duplicate) {
        metrics.observeStep(msg.channel, (performance.now() - started) / 1000);
        metrics.messagesOut(msg.channel, result.replies.length);
        if (result.state) metrics.intent(msg.channel, result.state.intent);
      }
      return result;
    },
  };
}

/** `/metrics` behind `Authorization: Bearer <token>` when a token is configured (METRICS_TOKEN). */
export function withBearerToken(route: RouteHandler, token: string | undefined): RouteHandler {
  if (!token) return route;
  const expected = Buffer.from(`Bearer ${token}`);
  return (req) => {
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    return ok
      ? route(req)
      : { status: 401, body: { error: 'unauthorized' }, headers: { 'www-authenticate': 'Bearer' } };
  };
}
