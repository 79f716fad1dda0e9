/**
 * The wrong-PIN limit holds under parallel guessing: 150 chats guess at once, each on its own
 * Redis connection as separate bot processes would; at most the budget of PINs is ever checked,
 * and the real PIN among the late guesses is refused, not accepted.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../src/complaints/case-records.js';
import { type CaseStore, createCaseStore } from '../../src/complaints/case-store.js';
import { type ComplaintIntake, createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, sampleComplaint, tempDir } from './complaint-test-kit.js';

describe('wrong-PIN limit under parallel guesses', () => {
  const { redisPrefix, queuePrefix } = prefixes();
  const keys = complaintKeys(redisPrefix);
  const { logger } = memoryLogger();
  const redis = new Redis(REDIS_URL);
  const processes = Array.from({ length: 4 }, () => new Redis(REDIS_URL));
  let intake: ComplaintIntake;
  let stores: CaseStore[];

  beforeAll(() => {
    intake = createComplaintIntake({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
    });
    stores = processes.map((r) => createCaseStore({ redis: r, prefix: redisPrefix, logger }));
  });
  afterAll(async () => {
    await intake.close();
    await cleanPrefix(redis, redisPrefix);
    await cleanPrefix(redis, queuePrefix);
    await Promise.all([redis, ...processes].map((r) => r.quit()));
  });

  it('150 chats at once: no more PINs checked than the budget, the real one refused', async () => {
    const complaint = sampleComplaint({ channel: 'telegram', language: 'id' });
    expect((await intake.submit({ complaint, userId: '111', pin: '424242' })).status).toBe('queued');
    await createCase(redis, keys, complaint, new Date().toISOString());
    const guesses = Array.from({ length: 150 }, (_, i) => (i === 120 ? '424242' : String(100000 + i)));
    const results = await Promise.all(
      guesses.map((pin, i) =>
        (stores[i % stores.length] as CaseStore).checkStatus({
          ticket: complaint.ticket,
          pin,
          channel: 'whatsapp',
          userId: `guesser-${i}`,
        }),
      ),
    );
    const checked = results.filter((r) => r.outcome === 'not_found' || r.outcome === 'found');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(results[120]?.outcome).toBe('limited');
    expect(results.filter((r) => r.outcome === 'limited').length).toBeGreaterThanOrEqual(145);
  });

  it('one chat guessing in parallel on many codes is held to its own budget', async () => {
    const tickets = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = sampleComplaint({ channel: 'telegram', language: 'id' });
        await intake.submit({ complaint: c, userId: '112', pin: '515151' });
        await createCase(redis, keys, c, new Date().toISOString());
        return c.ticket;
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (stores[i % stores.length] as CaseStore).checkStatus({
          ticket: tickets[i % tickets.length] as string,
          pin: String(200000 + i),
          channel: 'whatsapp',
          userId: 'one-guesser',
        }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'not_found').length).toBeLessThanOrEqual(5);
  });

  it('the owner of the PIN still gets in with a right PIN within the budget', async () => {
    const c = sampleComplaint({ channel: 'telegram', language: 'id' });
    await intake.submit({ complaint: c, userId: '113', pin: '616161' });
    await createCase(redis, keys, c, new Date().toISOString());
    const store = stores[0] as CaseStore;
    expect(
      (await store.checkStatus({ ticket: c.ticket, pin: '000000', channel: 'whatsapp', userId: 'fam' })).outcome,
    ).toBe('not_found');
    expect(
      (await store.checkStatus({ ticket: c.ticket, pin: '616161', channel: 'whatsapp', userId: 'fam' })).outcome,
    ).toBe('found');
  });
});
