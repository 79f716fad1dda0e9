import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseStore, createCaseStore } from '../../src/complaints/case-store.js';
import { type ComplaintActions, createComplaintActions } from '../../src/complaints/complaint-actions.js';
import { type ComplaintIntake, createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import { type ComplaintWorker, createComplaintWorker } from '../../src/complaints/complaint-worker.js';
import type { ActionRegistry } from '../../src/core/action-types.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, tempDir, waitFor } from './complaint-test-kit.js';

const CONTRACT_FIELDS = [
  'id',
  'ticket',
  'createdAt',
  'channel',
  'language',
  'reporter',
  'category',
  'country',
  'description',
  'agencyName',
  'employerName',
  'attachments',
  'contact',
  'consent',
  'urgent',
];

describe('complaint pipeline: chat -> queue -> worker -> case', () => {
  const { redisPrefix, queuePrefix } = prefixes();
  const keys = complaintKeys(redisPrefix);
  const { logger, lines } = memoryLogger();
  const redis = new Redis(REDIS_URL);
  const queue = new Queue('complaints', { connection: redis, prefix: queuePrefix });
  let intake: ComplaintIntake;
  let cases: CaseStore;
  let actions: ComplaintActions;
  let worker: ComplaintWorker | undefined;

  beforeAll(() => {
    intake = createComplaintIntake({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
    });
    cases = createCaseStore({ redis, prefix: redisPrefix, spool: intake.spool });
    actions = createComplaintActions({ intake, cases, t: translator.t, logger });
  });

  afterAll(async () => {
    await worker?.close();
    await intake.close();
    await queue.obliterate({ force: true });
    await cleanPrefix(redis, redisPrefix);
    await redis.quit();
  });

  const fileOne = async (chat: ChatDriver) => {
    const t1 = await chat.send('gaji sy blm dibayar 3 bulan');
    expect(t1.replies.at(-1)?.text).toContain('Gaji tidak dibayar'); // confirm instead of asking
    await chat.send('ya');
    const t3 = await chat.send('1'); // self; country came with the first message
    expect(t3.session.node).toBe('ask-description');
    await chat.send('Majikan tidak bayar gaji sejak Agustus, saya di Taichung.');
    await chat.send('PT Maju Jaya');
    await chat.send('3'); // safe time
    await chat.send('setelah jam 9 malam');
    const summary = await chat.send('ya'); // consent
    expect(textOf(summary)).toContain('Taiwan');
    expect(summary.session.node).toBe('confirm');
    return summary.session;
  };

  it('files a complaint in the chat, queues it with the contract fields, and the worker stores the case', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-happy');
    await fileOne(chat);
    const sent = await chat.send('Kirim');
    const said = textOf(sent);
    const ticket = /ADU-[0-9A-Z]{8}/.exec(said)?.[0] as string;
    const pin = /PIN: (\d{6})/.exec(said)?.[1];
    expect(ticket).toBeTruthy();
    expect(pin).toMatch(/^\d{6}$/);
    // Shown once: whatever records bot replies must mask it.
    expect(sent.replies.find((r) => r.text.includes(pin as string))?.conceal).toEqual([pin]);
    expect(said).toContain('30 hari');
    expect(said).toContain('60 hari');
    expect(sent.session.flowId).toBeNull();

    const id = await redis.get(keys.ticket(ticket));
    const job = await queue.getJob(id as string);
    expect(job?.id).toBe(id);
    expect(Object.keys(job?.data ?? {}).every((k) => CONTRACT_FIELDS.includes(k))).toBe(true);
    expect(job?.data).toMatchObject({
      ticket,
      channel: 'console',
      language: 'id',
      reporter: 'self',
      category: 'unpaid_wages',
      country: 'TW',
      agencyName: 'PT Maju Jaya',
      attachments: [],
      contact: { method: 'safe_time', safeTime: 'setelah jam 9 malam' },
      consent: true,
      urgent: false,
    });
    expect(job?.data).not.toHaveProperty('userId');
    const keep = job?.opts.removeOnComplete as { age: number } | undefined;
    expect(keep).toEqual({ age: expect.any(Number) });
    expect(keep?.age).toBeGreaterThanOrEqual(24 * 3600);
    expect(job?.opts.removeOnFail).toBe(false);
    expect(job?.opts.attempts).toBeGreaterThan(1);

    // Before the worker ran, the status is already "received".
    const early = await chat.send(`cek status ${ticket}`);
    expect(textOf(early)).toContain('sudah diterima');

    worker = createComplaintWorker({ connection: REDIS_URL, redisPrefix, queuePrefix, logger, concurrency: 5 });
    const stored = await waitFor(() => cases.get(ticket));
    expect(stored.status).toBe('received');
    expect(stored.history).toEqual([{ status: 'received', at: expect.any(String) }]);
    expect(stored.reporter).toMatchObject({ channel: 'console', userId: 'user-happy' });
    expect(await redis.exists(keys.pending(ticket))).toBe(0);
    const later = await chat.send(`cek status ${ticket}`);
    expect(textOf(later)).toContain(ticket);
    // The staff notice is pseudonymous: ticket and category, never the chat id or the text.
    const notice = lines.find((l) => l.ticket === ticket && l.msg === 'new complaint case');
    expect(notice).toMatchObject({ category: 'unpaid_wages', country: 'TW', urgent: false });
    expect(JSON.stringify(lines)).not.toContain('user-happy');
    expect(JSON.stringify(lines)).not.toContain('Taichung');
  });

  it('the same confirmation twice gives one job and one case, with the same ticket and PIN', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-twice');
    const before = await fileOne(chat);
    const first = textOf(await chat.send('Kirim'));
    // The service died before saving the session: the same confirmation arrives again.
    chat.session = before;
    const second = textOf(await chat.send('Kirim'));
    const ticket = /ADU-[0-9A-Z]{8}/.exec(first)?.[0] as string;
    expect(/ADU-[0-9A-Z]{8}/.exec(second)?.[0]).toBe(ticket);
    expect(/PIN: (\d{6})/.exec(second)?.[1]).toBe(/PIN: (\d{6})/.exec(first)?.[1]);
    const id = (await redis.get(keys.ticket(ticket))) as string;
    const w = worker ?? createComplaintWorker({ connection: REDIS_URL, redisPrefix, queuePrefix, logger });
    worker = w;
    await waitFor(() => cases.get(ticket));
    await waitFor(async () => (await queue.getJobState(id)) === 'completed');
    const jobs = await queue.getJobs(['completed', 'waiting', 'active', 'prioritized', 'delayed', 'failed']);
    expect(jobs.filter((j) => j.data.ticket === ticket)).toHaveLength(1);
    const day = new Date().toISOString().slice(0, 10);
    // Two complaints so far in this file (one per test), each counted once.
    expect(await redis.hget(keys.stats(day), 'unpaid_wages|TW')).toBe('2');
    expect(await redis.llen(keys.history(id))).toBe(1);
  });

  it('an urgent category goes on the queue with high priority and starts the handover', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-urgent');
    await chat.send('mau lapor');
    await chat.send('Kekerasan');
    await chat.send('2'); // family
    await chat.send('malaysia');
    await chat.send('Adik saya dipukul majikan setiap hari.');
    await chat.send('lewati');
    await chat.send('1');
    await chat.send('ya');
    const sent = await chat.send('1'); // send
    const ticket = /ADU-[0-9A-Z]{8}/.exec(textOf(sent))?.[0] as string;
    expect(sent.effects).toContainEqual(
      expect.objectContaining({ type: 'handover', reason: 'urgent_complaint', urgent: true }),
    );
    expect(sent.session.mode).toBe('waiting');
    const id = (await redis.get(keys.ticket(ticket))) as string;
    const job = await queue.getJob(id);
    expect(job?.data.urgent).toBe(true);
    expect(job?.opts.lifo).toBe(true);
  });

  it('cancel at the summary sends nothing', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-cancel');
    await fileOne(chat);
    const total = async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);
    const before = await total();
    const t = await chat.send('Batal');
    expect(textOf(t)).toContain('dibatalkan');
    expect(await total()).toBe(before);
  });

  it('edit from the summary changes one answer and comes back to the summary', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-edit');
    await fileOne(chat);
    await chat.send('Ubah');
    const asked = await chat.send('Negara');
    expect(asked.session.node).toBe('edit-country');
    const back = await chat.send('hong kong');
    expect(back.session.node).toBe('confirm');
    expect(textOf(back)).toContain('Hong Kong');
  });

  it('evidence added from the summary is kept as media references', async () => {
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'user-media');
    await fileOne(chat);
    await chat.send('Tambah foto/dokumen');
    await chat.send('', {
      media: { kind: 'photo', ref: 'file-1', mimeType: 'image/jpeg', fileName: 'Siti payslip.jpg' },
    });
    const back = await chat.send('selesai');
    expect(textOf(back)).toContain('Bukti: 1 file');
    const sent = textOf(await chat.send('Kirim'));
    const ticket = /ADU-[0-9A-Z]{8}/.exec(sent)?.[0] as string;
    const job = await queue.getJob((await redis.get(keys.ticket(ticket))) as string);
    expect(job?.data.attachments).toEqual([
      { kind: 'photo', ref: 'file-1', channel: 'console', mimeType: 'image/jpeg' },
    ]);
  });

  it('renders the same texts in English', () => {
    expect(translator.t('en', 'complaint.category.unpaid_wages')).toBe('Wages not paid');
  });
});
