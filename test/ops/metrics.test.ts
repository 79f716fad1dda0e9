import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageHandler } from '../../src/core/messages.js';
import type { HttpRequest } from '../../src/http/http-server.js';
import { createMetrics, withBearerToken, withMetrics } from '../../src/ops/metrics.js';
import { REDIS_URL, testPrefix } from '../helpers/redis.js';

const queuePrefix = `${testPrefix()}:bull`;
const queue = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });

afterAll(async () => {
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
});

const scrape = async (metrics: ReturnType<typeof createMetrics>) => {
  const res = await metrics.route()({} as HttpRequest);
  expect(res.status).toBe(200);
  expect(res.headers?.['content-type']).toMatch(/^text\/plain/);
  return String(res.body);
};

describe('metrics', () => {
  it('counts messages in and out per channel, step latency and intents around the handler', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const inner: MessageHandler = {
      async handle(m) {
        if (m.messageId === 'dup') return { replies: [], duplicate: true };
        return {
          replies: [{ text: 'a' }, { text: 'b' }],
          duplicate: false,
          state: {
            flow: 'agency-check',
            node: 'ask',
            mode: 'bot',
            intent: m.text === 'cek PT' ? 'agency.check' : null,
          },
        };
      },
    };
    const handler = withMetrics(inner, metrics);
    const base = { userId: 'u', receivedAt: 0 };
    await handler.handle({ ...base, channel: 'telegram', messageId: '1', text: 'cek PT' });
    await handler.handle({ ...base, channel: 'telegram', messageId: '2', text: 'PT Maju' });
    await handler.handle({ ...base, channel: 'whatsapp', messageId: 'dup', text: 'x' });
    metrics.limited('whatsapp', 'user');
    const text = await scrape(metrics);
    expect(text).toContain('pmi_messages_in_total{channel="telegram"} 2');
    expect(text).toContain('pmi_messages_in_total{channel="whatsapp"} 1');
    expect(text).toContain('pmi_messages_out_total{channel="telegram"} 4');
    expect(text).not.toContain('pmi_messages_out_total{channel="whatsapp"}');
    expect(text).toContain('pmi_step_duration_seconds_count{channel="telegram"} 2');
    expect(text).toContain('pmi_intents_total{channel="telegram",intent="agency.check"} 1');
    expect(text).toContain('pmi_intents_total{channel="telegram",intent="none"} 1');
    expect(text).toContain('pmi_messages_limited_total{channel="whatsapp",reason="user"} 1');
    expect(text).not.toContain('pmi_process_cpu');
  });

  it('reads gauges at scrape time: waiting conversations, registry age, queue depth and failed jobs', async () => {
    const metrics = createMetrics();
    let waiting = 3;
    metrics.setWaitingSource(() => waiting);
    metrics.setRegistryAgeSource(async () => 86_400);
    metrics.watchQueue('complaints', queue);
    await queue.add('complaint', { a: 1 }, { jobId: 'j1' });
    await queue.add('complaint', { a: 2 }, { jobId: 'j2', delay: 60_000 });
    let text = await scrape(metrics);
    expect(text).toContain('pmi_conversations_waiting 3');
    expect(text).toContain('pmi_agency_registry_age_seconds 86400');
    expect(text).toContain('pmi_queue_depth{queue="complaints"} 2');
    expect(text).toContain('pmi_queue_failed_jobs{queue="complaints"} 0');
    expect(text).toContain('pmi_process_cpu_seconds_total');
    waiting = 1;
    text = await scrape(metrics);
    expect(text).toContain('pmi_conversations_waiting 1');
  });

  it('shows NaN (not 0) and counts the error when its source fails or hangs', async () => {
    const metrics = createMetrics({ processMetrics: false, collectTimeoutMs: 50 });
    metrics.setWaitingSource(() => new Promise<number>(() => undefined));
    metrics.setRegistryAgeSource(() => {
      throw new Error('registry unreadable');
    });
    await scrape(metrics);
    // The error counter is read with the other metrics of a scrape, so it shows from the next one.
    const text = await scrape(metrics);
    expect(text).toMatch(/^pmi_conversations_waiting nan$/im);
    expect(text).toMatch(/^pmi_agency_registry_age_seconds nan$/im);
    expect(text).toContain('pmi_metrics_collect_errors_total{source="waiting"} 1');
    expect(text).toContain('pmi_metrics_collect_errors_total{source="registry_age"} 1');
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const route = withBearerToken(createMetrics({ processMetrics: false }).route(), 'a-long-metrics-token');
    const req = (authorization?: string) =>
      ({ headers: authorization ? { authorization } : {} }) as unknown as HttpRequest;
    expect((await route(req())).status).toBe(401);
    expect((await route(req('Bearer wrong-token-of-same-len'))).status).toBe(401);
    expect((await route(req('Bearer a-long-metrics-token'))).status).toBe(200);
  });
});
