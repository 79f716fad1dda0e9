import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChannelHealth } from '../../src/core/messages.js';
import { createHttpServer } from '../../src/http/http-server.js';
import { createLogger } from '../../src/logger.js';
import { createHealth } from '../../src/ops/health.js';
import { createRedis } from '../../src/redis.js';
import { REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const queue = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: `${testPrefix()}:bull` });
const down = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
down.on('error', () => undefined);
const logger = createLogger({ level: 'silent', format: 'json' });

afterAll(async () => {
  await queue.close();
  await redis.quit();
  down.disconnect();
});

describe('health', () => {
  it('answers /healthz 200 when Redis, the queue and the channels are fine, 503 when a channel failed', async () => {
    let channels: ChannelHealth[] = [{ channel: 'telegram', state: 'ready' }];
    const http = createHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      health: createHealth({ redis, queues: [queue], channels: () => channels }),
    });
    const port = await http.listen();
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        ok: true,
        status: 'healthy',
        redis: 'ok',
        queues: { complaints: 'ok' },
        channels: { telegram: { state: 'ready' } },
      });
      channels = [
        { channel: 'telegram', state: 'ready' },
        { channel: 'whatsapp', state: 'failed', detail: 'logged out' },
      ];
      const bad = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(bad.status).toBe(503);
      expect(await bad.json()).toMatchObject({
        ok: false,
        status: 'unhealthy',
        channels: { whatsapp: { state: 'failed', detail: 'logged out' } },
      });
    } finally {
      await http.close();
    }
  });

  it('is degraded but healthy while a channel starts or reconnects, unhealthy once stopped', async () => {
    let state: ChannelHealth['state'] = 'reconnecting';
    const health = createHealth({ redis, channels: () => [{ channel: 'whatsapp', state }] });
    expect(await health()).toMatchObject({ ok: true, details: { status: 'degraded' } });
    state = 'starting';
    expect(await health()).toMatchObject({ ok: true, details: { status: 'degraded' } });
    state = 'stopped';
    expect(await health()).toMatchObject({ ok: false, details: { status: 'unhealthy' } });
  });

  it('is unhealthy when Redis does not answer, within its bound', async () => {
    const health = createHealth({ redis: down, timeoutMs: 200 });
    expect(await health()).toMatchObject({ ok: false, details: { redis: 'down', status: 'unhealthy' } });
    const hung = createHealth({ redis: { ping: () => new Promise(() => undefined) }, timeoutMs: 50 });
    expect(await hung()).toMatchObject({ ok: false, details: { redis: 'down' } });
  });

  it('is unhealthy, saying why, in a service with no channel configured', async () => {
    const health = createHealth({ redis, channels: () => [], noChannelProblem: 'no channel configured' });
    expect(await health()).toEqual({
      ok: false,
      details: { status: 'unhealthy', redis: 'ok', queues: {}, channels: {}, problem: 'no channel configured' },
    });
  });

  it('is unhealthy when a queue connection does not answer', async () => {
    const health = createHealth({
      redis,
      queues: [{ name: 'complaints', getJobCounts: () => Promise.reject(new Error('down')) }],
    });
    expect(await health()).toMatchObject({ ok: false, details: { queues: { complaints: 'down' } } });
  });
});
