import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../src/complaints/case-records.js';
import { type CaseStore, createCaseStore, type UserNotifier } from '../../src/complaints/case-store.js';
import { type ComplaintIntake, createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { CaseStatus } from '../../src/complaints/complaint-schema.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, sampleComplaint, tempDir } from './complaint-test-kit.js';

describe('case store: status checks, PIN limits, status changes', () => {
  const { redisPrefix, queuePrefix } = prefixes();
  const keys = complaintKeys(redisPrefix);
  const { logger } = memoryLogger();
  const redis = new Redis(REDIS_URL);
  const notices: { channel: string; userId: string; lang: string; ticket: string; status: CaseStatus }[] = [];
  const notifier: UserNotifier = {
    async notifyStatus(channel, userId, lang, ticket, status) {
      notices.push({ channel, userId, lang, ticket, status });
    },
  };
  let intake: ComplaintIntake;
  let cases: CaseStore;

  beforeAll(() => {
    intake = createComplaintIntake({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
    });
    cases = createCaseStore({ redis, prefix: redisPrefix, spool: intake.spool, userNotifier: notifier, logger });
  });
  afterAll(async () => {
    await intake.close();
    await cleanPrefix(redis, redisPrefix);
    await cleanPrefix(redis, queuePrefix);
    await redis.quit();
  });

  /** Files a complaint from telegram chat 111 and lets "the worker" store it. */
  const file = async (store = true) => {
    const complaint = sampleComplaint({ channel: 'telegram', language: 'en' });
    const res = await intake.submit({ complaint, userId: '111', pin: '424242' });
    expect(res.status).toBe('queued');
    if (store) await createCase(redis, keys, complaint, new Date().toISOString());
    return complaint;
  };

  it('answers the filing chat with the code alone, before and after the worker stored it', async () => {
    const c = await file(false);
    const early = await cases.checkStatus({ ticket: c.ticket, channel: 'telegram', userId: '111' });
    expect(early).toMatchObject({ outcome: 'found', status: 'received', category: 'unpaid_wages' });
    await createCase(redis, keys, c, new Date().toISOString());
    const typed = c.ticket.toLowerCase().replace('-', ' ');
    expect(await cases.checkStatus({ ticket: typed, channel: 'telegram', userId: '111' })).toMatchObject({
      outcome: 'found',
      status: 'received',
    });
  });

  it('finds the case when the worker stores it in the middle of the lookup', async () => {
    const c = await file(false);
    // The same Redis, with the worker's store slipped in right after the lookup read the case
    // record (not there yet).
    let stored = false;
    const racing = new Proxy(redis, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'hgetall' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result = await value.apply(target, args);
          if (!stored) {
            stored = true;
            await createCase(redis, keys, c, new Date().toISOString());
          }
          return result;
        };
      },
    });
    const store = createCaseStore({ redis: racing, prefix: redisPrefix, spool: intake.spool, logger });
    const check = await store.checkStatus({ ticket: c.ticket, channel: 'telegram', userId: '111' });
    expect(stored).toBe(true);
    expect(check).toMatchObject({ outcome: 'found', status: 'received' });
  });

  it('asks another chat for the PIN, for a real code and an unknown code alike', async () => {
    const c = await file();
    const other = { channel: 'whatsapp' as const, userId: '628000@c.us' };
    const real = await cases.checkStatus({ ticket: c.ticket, ...other });
    const unknown = await cases.checkStatus({ ticket: 'ADU-00000000', ...other });
    expect(real).toEqual({ outcome: 'need_pin', ticket: c.ticket });
    expect(unknown).toEqual({ outcome: 'need_pin', ticket: 'ADU-00000000' });
    expect(await cases.checkStatus({ ticket: c.ticket, pin: '424242', ...other })).toMatchObject({ outcome: 'found' });
    expect(await cases.checkStatus({ ticket: 'nonsense', ...other })).toEqual({ outcome: 'invalid_code' });
  });

  it('a wrong PIN from another chat reveals nothing, and the sixth try in an hour is refused', async () => {
    const c = await file();
    const chat = { channel: 'whatsapp' as const, userId: 'guesser' };
    const wrong = await cases.checkStatus({ ticket: c.ticket, pin: '000001', ...chat });
    const unknownCode = await cases.checkStatus({ ticket: 'ADU-11111111', pin: '000001', ...chat });
    // Same shape for an existing code with a wrong PIN and for a code that does not exist.
    expect(wrong).toEqual({ outcome: 'not_found', ticket: c.ticket });
    expect(unknownCode).toEqual({ outcome: 'not_found', ticket: 'ADU-11111111' });
    for (let i = 0; i < 3; i++) {
      expect((await cases.checkStatus({ ticket: c.ticket, pin: `00000${i + 2}`, ...chat })).outcome).toBe('not_found');
    }
    // Five wrong tries from this chat so far: the sixth is refused even with the right PIN.
    const sixth = await cases.checkStatus({ ticket: c.ticket, pin: '424242', ...chat });
    expect(sixth).toMatchObject({ outcome: 'limited' });
    expect((sixth as { retryAfterMinutes: number }).retryAfterMinutes).toBeGreaterThan(50);
    // The filing chat itself is never locked out of its own complaint.
    expect((await cases.checkStatus({ ticket: c.ticket, channel: 'telegram', userId: '111' })).outcome).toBe('found');
  });

  it('limits wrong PINs per code too, across chats', async () => {
    const c = await file();
    for (let i = 0; i < 5; i++) {
      const r = await cases.checkStatus({ ticket: c.ticket, pin: '999999', channel: 'whatsapp', userId: `chat-${i}` });
      expect(r.outcome).toBe('not_found');
    }
    const next = await cases.checkStatus({ ticket: c.ticket, pin: '424242', channel: 'whatsapp', userId: 'chat-new' });
    expect(next.outcome).toBe('limited');
  });

  it('changes a status with history and tells the user in their channel and language', async () => {
    const c = await file();
    expect(await cases.setStatus(c.ticket, 'in_review', { by: 'staff-7', note: 'called employer' })).toEqual({
      result: 'changed',
      previous: 'received',
    });
    expect(await cases.setStatus(c.ticket, 'in_review')).toEqual({ result: 'unchanged' });
    expect(await cases.setStatus('ADU-22222222', 'closed')).toEqual({ result: 'missing' });
    const record = await cases.get(c.ticket);
    expect(record?.status).toBe('in_review');
    expect(record?.history.map((h) => h.status)).toEqual(['received', 'in_review']);
    expect(record?.history[1]).toMatchObject({ by: 'staff-7', note: 'called employer' });
    expect(notices).toContainEqual({
      channel: 'telegram',
      userId: '111',
      lang: 'en',
      ticket: c.ticket,
      status: 'in_review',
    });
  });

  it('a retried worker never overwrites a case whose status staff already changed', async () => {
    const c = await file();
    await cases.setStatus(c.ticket, 'referred');
    const again = await createCase(redis, keys, c, new Date().toISOString());
    expect(again.created).toBe(false);
    const record = await cases.get(c.ticket);
    expect(record?.status).toBe('referred');
    expect(record?.history).toHaveLength(2);
  });

  it('lists the complaints of one chat only', async () => {
    const mine = await cases.listByUser('telegram', '111');
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(mine.every((m) => /^ADU-/.test(m.ticket))).toBe(true);
    expect(await cases.listByUser('telegram', '222')).toEqual([]);
  });
});
