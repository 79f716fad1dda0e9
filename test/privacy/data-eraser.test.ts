/**
 * "Hapus data saya" against the real complaint intake, worker and case store: after the
 * erasure, a scan of every key under the test prefixes finds nothing personal of that user,
 * the anonymous statistics are still there, and another user's case is untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase } from '../../src/complaints/case-records.js';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { newComplaintId, newTicket } from '../../src/complaints/complaint-ids.js';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import { createComplaintWorker } from '../../src/complaints/complaint-worker.js';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import { createLogger } from '../../src/logger.js';
import { createComplaintEraser } from '../../src/privacy/complaint-eraser.js';
import { createDataEraser, createRelayHistoryEraser, createSetMemberEraser } from '../../src/privacy/data-eraser.js';
import { ERASED_TEXT } from '../../src/privacy/strip-case.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';
import { dumpKeys } from './dump-keys.js';

const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `${prefix}:bull`;
const logger = createLogger({ level: 'silent', format: 'json' });
const spoolDir = mkdtempSync(join(tmpdir(), 'eraser-test-'));
const keys = complaintKeys(prefix);
const queue = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });

const USER = '5550001234';
const OTHER = '5550009999';
const SECRETS = [
  USER,
  'Wiranto',
  'tidak bayar gaji tiga bulan',
  '0812-3456-7890',
  '886912345678',
  'AgACAgUAAxkBAAI',
  'telepon Bu Sari',
  'PT Maju Sejahtera',
  'setelah jam sembilan',
];

function complaint(userStory: string, overrides: Partial<ComplaintJob> = {}): ComplaintJob {
  return {
    id: newComplaintId(),
    ticket: newTicket(),
    createdAt: new Date().toISOString(),
    channel: 'telegram',
    language: 'id',
    reporter: 'self',
    category: 'unpaid_wages',
    country: 'TW',
    description: userStory,
    employerName: 'Wiranto Sugiharto',
    agencyName: 'PT Maju Sejahtera',
    attachments: [{ kind: 'photo', ref: 'AgACAgUAAxkBAAI-photo-1', channel: 'telegram' }],
    contact: { method: 'other_number', value: '+886912345678', safeTime: 'setelah jam sembilan malam' },
    consent: true,
    urgent: false,
    ...overrides,
  };
}

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const intake = createComplaintIntake({
  connection: REDIS_URL,
  queuePrefix,
  redisPrefix: prefix,
  spoolDir,
  logger,
  replayEveryMs: 0,
});
const startWorker = () =>
  createComplaintWorker({ connection: REDIS_URL, queuePrefix, redisPrefix: prefix, logger, concurrency: 2 });

beforeAll(async () => {
  await redis.ping();
});

afterAll(async () => {
  await intake.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(spoolDir, { recursive: true, force: true });
});

describe('data eraser', () => {
  it('leaves nothing personal of the user in Redis, keeps the statistics and other users', async () => {
    const story = 'Majikan saya Wiranto tidak bayar gaji tiga bulan, hubungi 0812-3456-7890';
    const stored = complaint(story);
    const queued = complaint(`${story} lagi`, { category: 'document_withheld' });
    const other = complaint('Paspor saya ditahan agen, ini cerita orang lain', {
      employerName: 'Madam Chen',
      agencyName: 'PT Lain',
      attachments: [],
      contact: { method: 'this_chat' },
    });

    // One case stored by the worker, with a staff note; one still waiting on the queue.
    expect((await intake.submit({ complaint: stored, userId: USER })).status).toBe('queued');
    expect((await intake.submit({ complaint: other, userId: OTHER })).status).toBe('queued');
    let worker = startWorker();
    await waitFor(async () => (await redis.exists(keys.case(stored.id), keys.case(other.id))) === 2);
    await worker.close();
    const cases = createCaseStore({ redis, prefix });
    await cases.setStatus(stored.ticket, 'in_review', { by: 'staff-1', note: 'telepon Bu Sari 0812-3456-7890' });
    expect((await intake.submit({ complaint: queued, userId: USER })).status).toBe('queued');

    // The conversation, relay history and a channel mark of the same user.
    const conv = conversationKeys(prefix, 'telegram', USER);
    await redis.set(conv.session, JSON.stringify({ v: 1, slots: { description: story } }));
    await redis.set(conv.dedup('m-1'), '1');
    await redis.set(conv.lock, 'token-held-by-the-service');
    await redis.rpush(`${prefix}:relay:{telegram:${USER}}:history`, JSON.stringify({ text: story }));
    await redis.set(conv.unreachable, '1');
    // The global set of blocked users of earlier versions.
    await redis.sadd(`${prefix}:tg:inactive`, USER, OTHER);

    const eraser = createDataEraser({
      redis,
      prefix,
      logger,
      erasers: [
        createComplaintEraser({ redis, redisPrefix: prefix, queue, logger }),
        createRelayHistoryEraser({ redis, prefix }),
        createSetMemberEraser({ redis, name: 'telegram-inactive', key: `${prefix}:tg:inactive`, channel: 'telegram' }),
      ],
    });
    const result = await eraser.erase({ channel: 'telegram', userId: USER });
    expect(result.failed).toEqual([]);
    expect(result.deleted.sort()).toEqual(['complaint', 'complaint', 'conversation', 'relay_history']);

    expect(await redis.exists(conv.unreachable)).toBe(0);
    expect(await redis.sismember(`${prefix}:tg:inactive`, USER)).toBe(0);
    // The lock belongs to the dialogue service until it releases it; everything else goes.
    await redis.del(conv.lock);
    const dump = await dumpKeys(redis, `${prefix}:*`);
    for (const secret of SECRETS) expect(dump.text, secret).not.toContain(secret);

    // The worker has not run for the queued complaint yet: it must store an anonymous case.
    worker = startWorker();
    await waitFor(async () => (await redis.exists(keys.case(queued.id))) === 1);
    await worker.close();
    const after = await dumpKeys(redis, `${prefix}:*`);
    for (const secret of SECRETS) expect(after.text, secret).not.toContain(secret);

    // Anonymous statistics stay; the other user's case is untouched.
    const kept = await readCase(redis, keys, stored.id);
    expect(kept).toMatchObject({ status: 'in_review', reporter: null });
    expect(kept?.complaint).toMatchObject({ category: 'unpaid_wages', country: 'TW', description: ERASED_TEXT });
    expect((await readCase(redis, keys, queued.id))?.complaint.category).toBe('document_withheld');
    const day = stored.createdAt.slice(0, 10);
    expect(await redis.hget(keys.stats(day), 'unpaid_wages|TW')).toBe('2');
    const untouched = await readCase(redis, keys, other.id);
    expect(untouched?.complaint.description).toBe(other.description);
    expect(untouched?.reporter?.userId).toBe(OTHER);
    expect(await redis.sismember(`${prefix}:tg:inactive`, OTHER)).toBe(1);
  });

  it('reports an area that failed and still erases the others', async () => {
    const conv = conversationKeys(prefix, 'console', 'u-fail');
    await redis.set(conv.session, '{}');
    const eraser = createDataEraser({
      redis,
      prefix,
      logger,
      erasers: [
        {
          name: 'broken',
          erase: async () => {
            throw new Error('area down');
          },
        },
      ],
    });
    const result = await eraser.erase({ channel: 'console', userId: 'u-fail' });
    expect(result).toEqual({ deleted: ['conversation'], failed: ['broken'] });
    expect(await redis.exists(conv.session)).toBe(0);
  });

  it('matches user ids literally, never as a pattern', async () => {
    const victim = conversationKeys(prefix, 'console', 'abc');
    await redis.set(victim.session, '{}');
    const eraser = createDataEraser({ redis, prefix, logger, erasers: [] });
    await eraser.erase({ channel: 'console', userId: '*' });
    await eraser.erase({ channel: 'console', userId: 'a?c' });
    expect(await redis.exists(victim.session)).toBe(1);
  });
});
