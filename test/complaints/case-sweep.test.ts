/**
 * A case that stalls: its deadline is told at filing and on a status check, the sweep posts it
 * to the staff group once when overdue and counts it, and the worker gets one honest
 * check-in (none while quiet, a neutral one when the code word is set). Real Redis, fake clock.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadlinePolicy, loadDeadlineRules } from '../../src/complaints/case-deadlines.js';
import { createCase } from '../../src/complaints/case-records.js';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { createCaseSweep } from '../../src/complaints/case-sweep.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import type { ComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import type { ActionRegistry } from '../../src/core/action-types.js';
import type { Channel } from '../../src/core/messages.js';
import { findCases } from '../../src/privacy/case-export.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, sampleComplaint } from './complaint-test-kit.js';

const TZ = 'Asia/Jakarta';
const HOUR = 3_600_000;
// Monday 7 Dec 2026, 10:00 in Jakarta.
const MONDAY = Date.parse('2026-12-07T03:00:00.000Z');

describe('case deadlines and the sweep', () => {
  const { redisPrefix } = prefixes();
  const keys = complaintKeys(redisPrefix);
  const redis = new Redis(REDIS_URL);
  const { logger, lines } = memoryLogger();
  const deadlines = createDeadlinePolicy(loadDeadlineRules(), TZ);
  let clock = MONDAY;
  const now = () => clock;

  afterAll(async () => {
    await cleanPrefix(redis, redisPrefix);
    await redis.quit();
  });

  async function store(c: ComplaintJob, userId: string): Promise<void> {
    const reporter = {
      id: c.id,
      ticket: c.ticket,
      channel: c.channel,
      userId,
      lang: c.language,
      pinHash: 'a'.repeat(64),
      pinSalt: 'b'.repeat(32),
      createdAt: c.createdAt,
      category: c.category,
    };
    await redis.set(keys.pending(c.ticket), JSON.stringify(reporter));
    await createCase(redis, keys, c, c.createdAt);
  }

  function sweepWith(opts: { quiet?: Set<string>; discreet?: boolean } = {}) {
    const staff: string[] = [];
    const sent: { channel: Channel; userId: string; text: string }[] = [];
    const sweep = createCaseSweep({
      redis,
      prefix: redisPrefix,
      deadlines,
      listCases: async () => (await findCases(redis, redisPrefix, {})).cases,
      postToStaff: async (text) => void staff.push(text),
      sendToWorker: async (channel, userId, text) => {
        if (opts.quiet?.has(userId)) return false;
        sent.push({ channel, userId, text });
        return true;
      },
      staffText: (key, params) => translator.t('id', key, params),
      userText: (lang, key, params) => translator.t(lang, key, params),
      discreet: opts.discreet ?? false,
      timeZone: TZ,
      logger,
      now,
    });
    return { sweep, staff, sent };
  }

  beforeAll(async () => {
    await store(sampleComplaint({ createdAt: new Date(MONDAY).toISOString() }), 'worker-slow');
  });

  it('tells the deadline at filing and on every status check', async () => {
    const cases = createCaseStore({ redis, prefix: redisPrefix, deadlines, now });
    const intake = {
      submit: async (r: { complaint: ComplaintJob; pin: string }) => ({
        status: 'queued',
        ticket: r.complaint.ticket,
        pin: r.pin,
      }),
    } as unknown as ComplaintIntake;
    const actions = createComplaintActions({ intake, cases, t: translator.t, logger, timeZone: TZ, deadlines });
    const chat = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'worker-chat', now);
    await chat.send('gaji sy blm dibayar 3 bulan');
    for (const answer of ['ya', '1', 'Majikan tidak bayar gaji sejak Agustus.', 'PT Maju Jaya', '1', 'ya']) {
      await chat.send(answer);
    }
    const filed = textOf(await chat.send('Kirim'));
    // Monday 10:00 + 3 working days: the end of Thursday 10 Dec, in the hotline's zone.
    expect(filed).toContain('paling lambat: 10 Des 2026, 23.59 WIB');

    const [c] = (await findCases(redis, redisPrefix, {})).cases;
    const status = textOf(await chat.send(`cek status ${c?.ticket}`));
    // Not this chat's case: the PIN is asked, and the deadline is not shown to a stranger.
    expect(status).toMatch(/PIN/);
    expect(status).not.toContain('paling lambat');
    const owner = new ChatDriver(actions as unknown as ActionRegistry, 'console', 'worker-slow', now);
    expect(textOf(await owner.send(`cek status ${c?.ticket}`))).toContain('paling lambat: 10 Des 2026, 23.59 WIB');

    clock = Date.parse('2026-12-11T03:00:00.000Z');
    const late = textOf(await owner.send(`cek status ${c?.ticket}`));
    expect(late).toContain('sudah lewat');
    expect(late).toContain('petugas sudah diingatkan');
    clock = MONDAY;
  });

  it('posts an overdue case to the staff group once, counts it, and checks in with the worker once', async () => {
    const { sweep, staff, sent } = sweepWith();
    clock = MONDAY + 2 * HOUR;
    expect(await sweep.run()).toMatchObject({ overdue: 0, posted: 0, checkIns: 0 });
    expect(await sweep.overdueCount()).toBe(0);

    clock = Date.parse('2026-12-11T03:00:00.000Z'); // Friday: past Thursday's deadline
    expect(await sweep.run()).toMatchObject({ overdue: 1, posted: 1, checkIns: 0 });
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatch(/^⏰ Kasus ADU-[0-9A-Z]{8} \(Gaji tidak dibayar, TW, status received\) lewat tenggat/);
    // Pseudonymous: no story, no names, no chat id.
    expect(staff[0]).not.toMatch(/Mr Lee|Gaji saya belum|worker-slow/);
    expect(await sweep.overdueCount()).toBe(1);

    clock += HOUR;
    expect(await sweep.run()).toMatchObject({ overdue: 1, posted: 0 });
    expect(staff).toHaveLength(1);

    clock = MONDAY + 7 * 24 * HOUR;
    expect(await sweep.run()).toMatchObject({ overdue: 1, posted: 0, checkIns: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.userId).toBe('worker-slow');
    expect(sent[0]?.text).toMatch(/belum ada perkembangan sejak 7 Des 2026/);
    expect(sent[0]?.text).toContain('Maaf');
    clock += 24 * HOUR;
    expect(await sweep.run()).toMatchObject({ checkIns: 0 });
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('worker-slow');
  });

  it('a case staff moved gets a new deadline; a resolved one none', async () => {
    const cases = createCaseStore({ redis, prefix: redisPrefix, deadlines, now });
    const [c] = (await findCases(redis, redisPrefix, {})).cases.filter((x) => x.reporter?.userId === 'worker-slow');
    clock = MONDAY + 8 * 24 * HOUR; // Tuesday 15 Dec
    await cases.setStatus(c?.ticket as string, 'in_review');
    const { sweep, staff } = sweepWith();
    expect(await sweep.run()).toMatchObject({ overdue: 0, posted: 0 });
    expect(staff).toHaveLength(0);
    await cases.setStatus(c?.ticket as string, 'resolved');
    clock += 30 * 24 * HOUR;
    expect(await sweep.run()).toMatchObject({ overdue: 0, checkIns: 0 });
  });

  it('never checks in while quiet mode is on, and names no complaint when the code word is set', async () => {
    const created = MONDAY + 40 * 24 * HOUR;
    await store(sampleComplaint({ createdAt: new Date(created).toISOString() }), 'worker-quiet');
    await store(sampleComplaint({ createdAt: new Date(created).toISOString() }), 'worker-shared-phone');
    clock = created + 8 * 24 * HOUR;
    const quiet = sweepWith({ quiet: new Set(['worker-quiet']), discreet: true });
    const result = await quiet.sweep.run();
    expect(result.checkIns).toBe(1);
    expect(quiet.sent.map((s) => s.userId)).toEqual(['worker-shared-phone']);
    const text = quiet.sent[0]?.text ?? '';
    expect(text).toContain('Sahabat PMI');
    expect(text).not.toMatch(/ADU-|laporan|pengaduan|kasus/i);
  });

  it('two sweeps at once: one does the work, the other skips', async () => {
    const a = sweepWith();
    const b = sweepWith();
    const [ra, rb] = await Promise.all([a.sweep.run(), b.sweep.run()]);
    expect([ra.skipped, rb.skipped].filter(Boolean)).toHaveLength(1);
  });
});
