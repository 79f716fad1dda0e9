import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import { newPin } from '../../src/complaints/complaint-ids.js';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import type { SpoolLine } from '../../src/complaints/complaint-schema.js';
import { createComplaintSpool } from '../../src/complaints/complaint-spool.js';
import { translator } from './chat-driver.js';
import {
  memoryLogger,
  PrivateRedis,
  prefixes,
  sampleComplaint,
  sparePort,
  tempDir,
  waitFor,
} from './complaint-test-kit.js';

const lineFor = (ticketSuffix = ''): SpoolLine => {
  const complaint = sampleComplaint();
  void ticketSuffix;
  return {
    v: 1,
    complaint,
    reporter: {
      id: complaint.id,
      ticket: complaint.ticket,
      channel: 'console',
      userId: 'u',
      lang: 'id',
      pinHash: 'a'.repeat(64),
      pinSalt: 'b'.repeat(32),
      createdAt: complaint.createdAt,
      category: complaint.category,
    },
  };
};

describe('complaint spool', () => {
  const { logger } = memoryLogger();

  it('never loses a line appended while a replay runs', async () => {
    const spool = createComplaintSpool({ dir: tempDir(), logger });
    const first = Array.from({ length: 20 }, () => lineFor());
    for (const l of first) await spool.append(l);
    const seen = new Set<string>();
    const late: SpoolLine[] = [];
    const report = await spool.replay(async (l) => {
      seen.add(l.complaint.id);
      // Lines written in the middle of the replay go to a fresh file.
      const extra = lineFor();
      late.push(extra);
      await spool.append(extra);
    });
    expect(report).toMatchObject({ replayed: 20, bad: 0, waiting: 0 });
    expect(first.every((l) => seen.has(l.complaint.id))).toBe(true);
    expect(await spool.count()).toBe(20);
    await spool.replay(async (l) => {
      seen.add(l.complaint.id);
    });
    expect(late.every((l) => seen.has(l.complaint.id))).toBe(true);
    expect(await spool.count()).toBe(0);
  });

  it('keeps the file when queuing fails, and replays it later', async () => {
    const spool = createComplaintSpool({ dir: tempDir(), logger });
    for (let i = 0; i < 3; i++) await spool.append(lineFor());
    let calls = 0;
    const report = await spool.replay(async () => {
      calls += 1;
      if (calls === 2) throw new Error('redis down');
    });
    expect(report).toMatchObject({ replayed: 1, waiting: 2 });
    expect(await spool.count()).toBe(3);
    const again = await spool.replay(async () => undefined);
    expect(again.replayed).toBe(3);
    expect(await spool.count()).toBe(0);
  });

  it('moves unreadable lines aside instead of deleting them, and claims files of dead processes', async () => {
    const dir = tempDir();
    const good = lineFor();
    writeFileSync(join(dir, 'spool-999999999.jsonl'), `${JSON.stringify(good)}\n{"v":1,"broken`);
    const spool = createComplaintSpool({ dir, logger, isAlive: () => false });
    const ids: string[] = [];
    const report = await spool.replay(async (l) => {
      ids.push(l.complaint.id);
    });
    expect(ids).toEqual([good.complaint.id]);
    expect(report.bad).toBe(1);
    const bad = readdirSync(dir).filter((n) => n.startsWith('bad-'));
    expect(bad).toHaveLength(1);
    expect(readFileSync(join(dir, bad[0] as string), 'utf8')).toContain('broken');
  });

  it('finds a spooled complaint by ticket', async () => {
    const spool = createComplaintSpool({ dir: tempDir(), logger });
    const l = lineFor();
    await spool.append(lineFor());
    await spool.append(l);
    expect((await spool.find(l.complaint.ticket))?.complaint.id).toBe(l.complaint.id);
    expect(await spool.find('ADU-00000000')).toBeNull();
  });
});

describe('Redis down at confirmation (own redis-server)', () => {
  const server = { redis: null as PrivateRedis | null };
  const { redisPrefix, queuePrefix } = prefixes();
  const { logger } = memoryLogger();

  beforeAll(async () => {
    server.redis = new PrivateRedis(await sparePort());
    await server.redis.start();
  });
  afterAll(async () => {
    await server.redis?.stop();
  });

  it('spools within the timeout, tells the truth, answers status from the spool, and queues exactly one job when Redis is back', async () => {
    const srv = server.redis as PrivateRedis;
    const spoolDir = tempDir();
    const intake = createComplaintIntake({
      connection: srv.url,
      redisPrefix,
      queuePrefix,
      spoolDir,
      logger,
      addTimeoutMs: 500,
      replayEveryMs: 0,
    });
    const redis = new Redis(srv.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    const cases = createCaseStore({ redis, prefix: redisPrefix, spool: intake.spool, timeoutMs: 300 });
    const actions = createComplaintActions({ intake, cases, t: translator.t, logger });
    const warm = await intake.submit({ complaint: sampleComplaint(), userId: 'warm', pin: newPin() });
    expect(warm.status).toBe('queued');

    await srv.stop();
    const complaint = sampleComplaint();
    const slots = {
      draft: { id: complaint.id, ticket: complaint.ticket, pin: '123456' },
      category: 'unpaid_wages',
      reporter: 'self',
      country: 'TW',
      description: complaint.description,
      contactMethod: 'this_chat',
      consent: true,
    };
    const ctx = {
      channel: 'console' as const,
      userId: 'user-down',
      lang: 'id' as const,
      params: {},
      slots,
      message: {
        channel: 'console' as const,
        userId: 'user-down',
        messageId: 'm1',
        text: 'Kirim',
        receivedAt: Date.now(),
      },
      now: Date.now(),
    };
    const t0 = Date.now();
    const result = await actions.submitComplaint(ctx);
    const elapsed = Date.now() - t0;
    expect(result.outcome).toBe('spooled');
    expect(elapsed).toBeLessThan(1500);
    expect(result.say?.[0]).toEqual({
      key: 'complaint.spooled',
      params: { ticket: complaint.ticket, pin: '123456' },
      conceal: ['pin'],
    });
    expect(result.committed).toBe(true);
    expect(translator.t('id', 'complaint.spooled', { ticket: 'x', pin: 'y' })).toContain('tersimpan');
    expect(await intake.spool.count()).toBe(1);
    const onDisk = readdirSync(spoolDir)
      .map((n) => readFileSync(join(spoolDir, n), 'utf8'))
      .join('');
    expect(onDisk).toContain(complaint.id);

    // Right after filing, with Redis still down, the status is "received", not "not found".
    const status = await cases.checkStatus({ ticket: complaint.ticket, channel: 'console', userId: 'user-down' });
    expect(status).toMatchObject({ outcome: 'found', status: 'received' });

    await srv.start();
    // A second confirmation of the same complaint while Redis is back must not add a second job.
    const again = await actions.submitComplaint({ ...ctx, now: Date.now() });
    expect(again.outcome).toBe('queued');
    await intake.replay();
    await intake.replay();
    expect(await intake.spool.count()).toBe(0);
    const queue = new Queue('complaints', { connection: redis, prefix: queuePrefix });
    const jobs = await waitFor(async () => {
      const all = await queue.getJobs(['wait', 'prioritized', 'active', 'completed', 'delayed', 'failed']);
      return all.length > 0 ? all : null;
    });
    // The fresh server lost the warm-up job (no persistence): exactly the spooled one is there.
    expect(jobs.map((j) => j.id)).toEqual([complaint.id]);
    expect(await redis.get(`${redisPrefix}:{complaints}:ticket:${complaint.ticket}`)).toBe(complaint.id);
    await intake.close();
    await redis.quit();
  });
});
