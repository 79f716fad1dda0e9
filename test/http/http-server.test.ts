import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<Parameters<typeof createHttpServer>[0]> = {}): Promise<string> {
  server = createHttpServer({ port: 0, host: '127.0.0.1', logger, ...options });
  const port = await server.listen();
  return `http://127.0.0.1:${port}`;
}

describe('createHttpServer', () => {
  it('serves /healthz with 200 when healthy and 503 when not', async () => {
    let ok = true;
    const base = await start({ health: async () => ({ ok, details: { redis: ok ? 'up' : 'down' } }) });
    const healthy = await fetch(`${base}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true, redis: 'up' });
    ok = false;
    const sick = await fetch(`${base}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ ok: false, redis: 'down' });
  });

  it('answers 503 when the health check throws or hangs', async () => {
    const base = await start({ health: () => new Promise(() => undefined), healthTimeoutMs: 50 });
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    server?.setHealthProvider(async () => {
      throw new Error('boom');
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
  });

  it('routes by exact path and method, with 404 and 405 otherwise', async () => {
    const base = await start();
    server?.route('GET', '/metrics', () => ({
      status: 200,
      body: 'up 1\n',
      headers: { 'content-type': 'text/plain' },
    }));
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain');
    expect(await metrics.text()).toBe('up 1\n');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const wrong = await fetch(`${base}/metrics`, { method: 'POST', body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(() => server?.route('GET', '/metrics', () => ({ status: 200 }))).toThrow(/twice/);
  });

  it('parses JSON bodies, refusing invalid JSON with 400 and large bodies with 413', async () => {
    const base = await start({ bodyLimitBytes: 1000 });
    server?.route('POST', '/echo', async (req) => ({ status: 200, body: { got: await req.json() } }));
    const good = await fetch(`${base}/echo`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(await good.json()).toEqual({ got: { a: 1 } });
    expect((await fetch(`${base}/echo`, { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(5000) })).status).toBe(413);
  });

  it('refuses an oversized chunked body that declares no length', async () => {
    const base = await start({ bodyLimitBytes: 1000 });
    server?.route('POST', '/echo', async (req) => ({ status: 200, body: { size: (await req.raw()).length } }));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/echo`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('y'.repeat(500));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 500 without details when a handler throws', async () => {
    const base = await start();
    server?.route('GET', '/bad', () => {
      throw new Error('secret detail');
    });
    const res = await fetch(`${base}/bad`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret');
  });

  it('answers HEAD with the GET handler and no body', async () => {
    const base = await start();
    const res = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
