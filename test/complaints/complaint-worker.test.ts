import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { type ComplaintIntake, createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import { JOB_NAME } from '../../src/complaints/complaint-queue.js';
import { verifySignature } from '../../src/complaints/complaint-webhook.js';
import { type ComplaintWorker, createComplaintWorker } from '../../src/complaints/complaint-worker.js';
import {
  cleanPrefix,
  memoryLogger,
  prefixes,
  REDIS_URL,
  sampleComplaint,
  tempDir,
  waitFor,
} from './complaint-test-kit.js';

interface Hit {
  body: string;
  signature: string | undefined;
  key: string | undefined;
}

/** A loopback webhook receiver whose answer each test decides. */
function webhookServer(
  respond: (hit: Hit, res: ServerResponse, n: number) => void,
): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const hit = {
        body,
        signature: req.headers['x-signature-sha256'] as string | undefined,
        key: req.headers['idempotency-key'] as string | undefined,
      };
      hits.push(hit);
      respond(hit, res, hits.length);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cases`, hits }),
    ),
  );
}

describe('complaint worker', () => {
  const { redisPrefix, queuePrefix } = prefixes();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('complaints', { connection: redis, prefix: queuePrefix });
  const cases = createCaseStore({ redis, prefix: redisPrefix });
  const { logger, lines } = memoryLogger();
  let intake: ComplaintIntake;
  let worker: ComplaintWorker | undefined;
  const children: ChildProcess[] = [];
  const servers: Server[] = [];

  beforeAll(() => {
    intake = createComplaintIntake({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
      backoffMs: 100,
      attempts: 3,
    });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const s of servers) s.close();
    await intake.close();
    await queue.obliterate({ force: true });
    await cleanPrefix(redis, redisPrefix);
    await redis.quit();
  });

  it('POSTs the case with a valid HMAC signature and the complaint id as idempotency key, retrying a failing receiver', async () => {
    const secret = 'test-secret-123';
    const hook = await webhookServer((_hit, res, n) => {
      res.statusCode = n === 1 ? 503 : 204; // the first try fails, BullMQ retries
      res.end();
    });
    servers.push(hook.server);
    worker = createComplaintWorker({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      logger,
      webhook: { url: hook.url, secret },
    });
    const complaint = sampleComplaint();
    await intake.submit({ complaint, userId: 'u-hook' });
    await waitFor(async () => (await queue.getJobState(complaint.id)) === 'completed');
    expect(hook.hits).toHaveLength(2);
    for (const hit of hook.hits) {
      expect(hit.key).toBe(complaint.id);
      expect(verifySignature(hit.body, secret, hit.signature)).toBe(true);
      expect(verifySignature(hit.body, 'wrong-secret', hit.signature)).toBe(false);
      expect(JSON.parse(hit.body)).toMatchObject({
        id: complaint.id,
        ticket: complaint.ticket,
        complaint: { category: 'unpaid_wages' },
      });
      expect(hit.body).not.toContain('u-hook');
    }
    // The retry did not make a second case or a second staff notice.
    expect((await cases.get(complaint.ticket))?.history).toHaveLength(1);
    expect(lines.filter((l) => l.ticket === complaint.ticket && l.msg === 'new complaint case')).toHaveLength(1);
  });

  it('an invalid job fails at once, stays in the failed set, is counted, and raises an alert', async () => {
    worker = createComplaintWorker({ connection: REDIS_URL, redisPrefix, queuePrefix, logger });
    const before = await worker.exhaustedTotal();
    await queue.add(JOB_NAME, { id: 'cmp-bad', nonsense: true }, { jobId: 'cmp-bad', attempts: 5 });
    await waitFor(async () => (await queue.getJobState('cmp-bad')) === 'failed');
    const job = await queue.getJob('cmp-bad');
    expect(job?.attemptsMade).toBe(1);
    await waitFor(async () => (await worker?.exhaustedTotal()) === before + 1);
    expect(worker.counters().exhausted).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, alert: true, jobId: 'cmp-bad' }));
  });

  it('a job that exhausts its attempts stays failed with an alert; the case is still stored', async () => {
    const hook = await webhookServer((_h, res) => {
      res.statusCode = 500;
      res.end();
    });
    servers.push(hook.server);
    worker = createComplaintWorker({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      logger,
      webhook: { url: hook.url, secret: 's' },
    });
    const complaint = sampleComplaint();
    await intake.submit({ complaint, userId: 'u-fail' });
    await waitFor(async () => (await queue.getJobState(complaint.id)) === 'failed');
    expect(hook.hits).toHaveLength(3); // attempts: 3
    expect(await cases.get(complaint.ticket)).not.toBeNull();
    expect(lines).toContainEqual(expect.objectContaining({ alert: true, jobId: complaint.id, attemptsMade: 3 }));
  });

  it('a worker process killed with SIGKILL mid-job: after restart the case exists exactly once', async () => {
    let hold = true;
    const held: ServerResponse[] = [];
    const hook = await webhookServer((_h, res) => {
      if (hold)
        held.push(res); // never answers: the job is stuck mid-run
      else {
        res.statusCode = 200;
        res.end();
      }
    });
    servers.push(hook.server);
    // A queue of its own: BullMQ's stalled-job check is guarded by a per-queue lock that the
    // earlier in-process workers (30 s interval) would still hold.
    const own = prefixes();
    const kq = new Queue('complaints', { connection: redis, prefix: own.queuePrefix });
    const kIntake = createComplaintIntake({
      connection: REDIS_URL,
      ...own,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
    });
    const kCases = createCaseStore({ redis, prefix: own.redisPrefix });
    const cfg = JSON.stringify({ url: REDIS_URL, ...own, webhookUrl: hook.url, secret: 'k' });
    const startWorker = async () => {
      // node itself (not npx/tsx wrappers), so SIGKILL hits the process that runs the job.
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/complaints/fixtures/worker-process.ts', cfg], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
      return child;
    };
    const first = await startWorker();
    const complaint = sampleComplaint({ category: 'document_withheld', country: 'SA' });
    await kIntake.submit({ complaint, userId: 'u-kill' });
    await waitFor(async () => hook.hits.length >= 1, 20_000);
    expect(await kq.getJobState(complaint.id)).toBe('active');
    // The process dies with the job running; the actual kill is what matters, not a clean exit.
    const gone = new Promise<NodeJS.Signals | null>((r) => first.once('exit', (_code, signal) => r(signal)));
    first.kill('SIGKILL');
    expect(await gone).toBe('SIGKILL');
    // Not one more request from the dead worker: the stuck request is ours to drop.
    const hitsAtDeath = hook.hits.length;
    for (const res of held) res.destroy();
    hold = false;

    await startWorker();
    await waitFor(async () => (await kq.getJobState(complaint.id)) === 'completed', 20_000);
    expect(hitsAtDeath).toBe(1);
    expect(hook.hits.length).toBe(2);
    expect(new Set(hook.hits.map((h) => h.key))).toEqual(new Set([complaint.id]));
    const record = await kCases.get(complaint.ticket);
    expect(record?.history).toHaveLength(1);
    expect(record?.reporter?.userId).toBe('u-kill');
    const day = new Date().toISOString().slice(0, 10);
    expect(await redis.hget(complaintKeys(own.redisPrefix).stats(day), 'document_withheld|SA')).toBe('1');
    const caseKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(
        cursor,
        'MATCH',
        `${own.redisPrefix}:\\{complaints\\}:case:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      caseKeys.push(...found);
    } while (cursor !== '0');
    expect(caseKeys).toEqual([`${own.redisPrefix}:{complaints}:case:${complaint.id}`]);
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await kIntake.close();
    await kq.obliterate({ force: true });
    await cleanPrefix(redis, own.redisPrefix);
  }, 60_000);
});
