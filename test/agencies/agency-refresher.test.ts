import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgencyRefresher } from '../../src/agencies/agency-refresher.js';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const SAMPLE = readFileSync('data/agencies-sample.csv');
const HEADER = 'name,licence_no,status,valid_until,address,province';
const logger = pino({ level: 'silent' });
const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `testq-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'agencies-'));

/** What the fake registry website serves next. */
let reply: { status: number; body: string | Buffer; headers?: Record<string, string>; cut?: boolean } = {
  status: 200,
  body: SAMPLE,
};
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    const body = Buffer.from(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'text/csv',
      'content-length': String(body.length),
      ...reply.headers,
    });
    if (reply.cut) {
      res.write(body.subarray(0, 20));
      res.socket?.destroy();
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
});

function setup(source: string, sub: string) {
  const registry = createAgencyRegistry({ redis, prefix: `${prefix}:${sub}` });
  const refresher = createAgencyRefresher({
    connection: REDIS_URL,
    queuePrefix,
    queueName: `refresh-${sub}`,
    source,
    everyMinutes: 60,
    registry,
    logger,
    fetchTimeoutMs: 2000,
  });
  return { registry, refresher };
}

describe('createAgencyRefresher', () => {
  it('imports from a file, dated by the file', async () => {
    const file = join(dir, 'registry.csv');
    writeFileSync(file, SAMPLE);
    utimesSync(file, new Date('2026-10-05T06:00:00Z'), new Date('2026-10-05T06:00:00Z'));
    const { registry, refresher } = setup(file, 'file');
    expect(await refresher.refreshNow()).toMatchObject({ ok: true, loaded: 40, rejected: 0 });
    expect(await registry.info()).toMatchObject({ sourceDate: '2026-10-05', sample: true, source: 'registry.csv' });
    expect(refresher.stats()).toMatchObject({ refreshOk: 1, refreshFailed: 0 });

    rmSync(file);
    expect(await refresher.refreshNow()).toEqual({ ok: false, error: 'cannot read registry.csv: no such file' });
    expect(refresher.stats()).toMatchObject({ refreshOk: 1, refreshFailed: 1, lastError: expect.any(String) });
    expect((await registry.info())?.count).toBe(40);
    await refresher.close();
  });

  it('imports over http, dated by Last-Modified, and keeps the registry on every kind of failure', async () => {
    const { registry, refresher } = setup(`${baseUrl}/p3mi.csv?token=secret`, 'http');
    reply = { status: 200, body: SAMPLE, headers: { 'last-modified': 'Tue, 10 Nov 2026 08:00:00 GMT' } };
    expect(await refresher.refreshNow()).toMatchObject({ ok: true, loaded: 40 });
    const meta = await registry.info();
    expect(meta).toMatchObject({ sourceDate: '2026-11-10', source: `127.0.0.1:${new URL(baseUrl).port}` });

    const failures: [typeof reply, RegExp][] = [
      [{ status: 503, body: 'down' }, /HTTP 503/],
      [{ status: 200, body: '<html>maintenance</html>' }, /wrong header/],
      [{ status: 200, body: `${HEADER}\nPT A,AB-001,x,,a,b\nPT B,AB-002,y,,a,b\n` }, /most rows are invalid/],
      [{ status: 200, body: SAMPLE, cut: true }, /network error|incomplete/],
    ];
    for (const [next, error] of failures) {
      reply = next;
      const outcome = await refresher.refreshNow();
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error).toMatch(error);
        expect(outcome.error).not.toContain('secret');
      }
    }
    expect(refresher.stats()).toMatchObject({ refreshOk: 1, refreshFailed: failures.length });
    expect((await registry.info())?.version).toBe(meta?.version);
    await refresher.close();
  });

  it('runs on the BullMQ job scheduler', async () => {
    reply = { status: 200, body: SAMPLE };
    const { registry, refresher } = setup(`${baseUrl}/p3mi.csv`, 'scheduled');
    await refresher.start();
    const deadline = Date.now() + 15_000;
    while (refresher.stats().refreshOk === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(refresher.stats().refreshOk).toBe(1);
    expect((await registry.info())?.count).toBe(40);
    const queue = new Queue('refresh-scheduled', { connection: redis, prefix: queuePrefix });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toMatchObject([{ key: 'agency-refresh', every: 3_600_000 }]);
    await refresher.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
