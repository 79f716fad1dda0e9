/**
 * The scenario, on a fake clock with the real engine, flows, locales and Redis: a case
 * is filed (deadline and join code told), goes overdue (staff told, counted), the worker gets
 * one check-in, staff request a document and the worker sends it, the case file is produced
 * and read back, two co-workers join, and the agency check shows the count once staff
 * substantiate the case.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgencyActions } from '../../src/agencies/agency-actions.js';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { createAgencySubstantiation } from '../../src/agencies/agency-substantiation.js';
import { createSubstantiateCommand } from '../../src/agencies/substantiate-command.js';
import { packCase } from '../../src/casefile/pack-case.js';
import { loadChecklist } from '../../src/casefile/referral-checklist.js';
import { createDeadlinePolicy, loadDeadlineRules } from '../../src/complaints/case-deadlines.js';
import { createCaseGroups } from '../../src/complaints/case-groups.js';
import { createCase } from '../../src/complaints/case-records.js';
import { createCaseRequests } from '../../src/complaints/case-requests.js';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { createCaseSweep } from '../../src/complaints/case-sweep.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import { hashPin } from '../../src/complaints/complaint-ids.js';
import type { ComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import type { ActionContext, ActionRegistry } from '../../src/core/action-types.js';
import type { OutgoingMessage } from '../../src/core/messages.js';
import { findCases } from '../../src/privacy/case-export.js';
import { pdfPages } from '../casefile/pdf-text.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL } from './complaint-test-kit.js';

const TZ = 'Asia/Jakarta';

describe('a case that moves (the issue scenario)', () => {
  const { redisPrefix: prefix } = prefixes();
  const keys = complaintKeys(prefix);
  const redis = new Redis(REDIS_URL);
  const { logger } = memoryLogger();
  let clock = Date.parse('2026-12-07T03:00:00.000Z'); // Monday 10:00 in Jakarta
  const now = () => clock;
  const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
  const staff: string[] = [];
  const toWorker: OutgoingMessage[] = [];
  const deadlines = createDeadlinePolicy(loadDeadlineRules(), TZ);
  const cases = createCaseStore({ redis, prefix, deadlines, now });

  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('runs from filing to the agency check', async () => {
    // The intake stores the case at once, as the worker would a moment later.
    const intake = {
      async submit(r: { complaint: ComplaintJob; userId: string; pin: string }) {
        const c = r.complaint;
        const salt = '0'.repeat(32);
        const reporter = {
          id: c.id,
          ticket: c.ticket,
          channel: c.channel,
          userId: r.userId,
          lang: c.language,
          pinHash: hashPin(r.pin, salt),
          pinSalt: salt,
          createdAt: c.createdAt,
          category: c.category,
        };
        await redis.set(keys.pending(c.ticket), JSON.stringify(reporter));
        await createCase(redis, keys, c, c.createdAt);
        return { status: 'queued', ticket: c.ticket, pin: r.pin };
      },
    } as unknown as ComplaintIntake;
    const groups = createCaseGroups({
      redis,
      prefix,
      logger,
      now,
      async ownerOf(ticket) {
        const r = await cases.get(ticket);
        return r?.reporter ? { ...r.reporter, category: r.complaint.category, country: r.complaint.country } : null;
      },
      postToStaff: async (ticket, count) => void staff.push(t('staff.case_joined', { ticket, count })),
      categoryLabel: (lang, c) => translator.t(lang, `complaint.category.${c}`),
    });
    let worker: ChatDriver | undefined;
    const requests = createCaseRequests({
      redis,
      prefix,
      logger,
      now,
      userText: (lang, key, params) => translator.t(lang, key, params),
      staffText: t,
      sendToWorker: async (_c, _u, messages) => {
        toWorker.push(...messages);
        return true;
      },
      placeOnAnswerFlow: async (_c, _u, caseRequest) => {
        const w = worker as ChatDriver;
        w.session = {
          ...w.session,
          flowId: 'case-answer',
          flowVersion: 1,
          node: 'ask-how',
          awaiting: 'answer',
          retries: 0,
          updatedAt: clock,
          slots: { caseRequest },
        };
        return true;
      },
      postToStaff: async (text) => void staff.push(text),
    });
    const actions = {
      ...createComplaintActions({ intake, cases, t: translator.t, logger, timeZone: TZ, deadlines, groups }),
      ...groups.actions,
      answerCaseRequest: requests.answerCaseRequest,
    } as unknown as ActionRegistry;

    // 1. Filed: the deadline and the join code are told.
    worker = new ChatDriver(actions, 'console', 'worker', now);
    await worker.send('gaji sy blm dibayar 3 bulan');
    for (const a of ['ya', '1', 'Majikan tidak bayar gaji sejak Agustus.', 'PT Sinar Jaya Abadi', '1', 'ya'])
      await worker.send(a);
    const filed = textOf(await worker.send('Kirim'));
    const ticket = /ADU-[0-9A-Z]{8}/.exec(filed)?.[0] as string;
    const code = /gabung ([0-9A-Z]{6})/.exec(filed)?.[1] as string;
    expect(filed).toContain('paling lambat: 10 Des 2026, 23.59 WIB');
    expect(code).toBeTruthy();

    // 2. Overdue: staff told once, counted; 3. a week without movement: one check-in.
    const sweep = createCaseSweep({
      redis,
      prefix,
      deadlines,
      logger,
      now,
      timeZone: TZ,
      discreet: false,
      listCases: async () => (await findCases(redis, prefix, {})).cases,
      postToStaff: async (text) => void staff.push(text),
      sendToWorker: async (_c, _u, text) => {
        toWorker.push({ text });
        return true;
      },
      staffText: t,
      userText: (lang, key, params) => translator.t(lang, key, params),
    });
    clock = Date.parse('2026-12-11T03:00:00.000Z');
    expect(await sweep.run()).toMatchObject({ overdue: 1, posted: 1 });
    expect(staff.at(-1)).toContain(`Kasus ${ticket}`);
    expect(await sweep.overdueCount()).toBe(1);
    expect(textOf(await worker.send(`cek status ${ticket}`))).toContain('sudah lewat');
    clock = Date.parse('2026-12-14T03:00:00.000Z');
    expect((await sweep.run()).checkIns).toBe(1);
    expect(toWorker.at(-1)?.text).toContain('belum ada perkembangan');

    // 4. A document requested and received.
    expect((await requests.request(ticket, 'Mohon kirim foto kontrak kerja', 'telegram:900')).result).toBe('sent');
    await worker.send('2');
    await worker.send('', { media: { kind: 'photo', ref: 'photo-contract' } });
    expect(textOf(await worker.send('selesai'))).toContain('sudah disimpan');
    expect(staff.at(-1)).toContain(`Jawaban pengguna untuk ${ticket}`);

    // 5. The case file opens, with the chronology and the missing documents.
    const packed = await packCase(
      { redis, prefix, checklist: loadChecklist(), deadlines, timeZone: TZ, t, lang: 'id', secret: 's', now },
      { ticket, withPersonal: false, operator: 'test', via: 'test' },
    );
    const pdf = packed.result === 'ok' ? (await pdfPages(packed.pdf)).join('\n') : '';
    expect(pdf).toContain('Kronologi');
    expect(pdf).toContain('Pekerja menjawab (1 lampiran');
    expect(pdf).toContain('[ada] Perjanjian kerja');
    expect(pdf).toContain('[belum ada] Paspor');

    // 6. Two co-workers join.
    for (const who of ['coworker-1', 'coworker-2']) {
      const c = new ChatDriver(actions, 'console', who, now);
      await c.send(`gabung ${code}`);
      await c.send('Gaji saya juga tidak dibayar oleh majikan yang sama.');
      await c.send('ya');
    }
    expect(textOf(await worker.send(`cek status ${ticket}`))).toContain('mewakili 3 orang');

    // 7. Substantiated against the agency: the agency check gives the count.
    const registry = createAgencyRegistry({ redis, prefix });
    await registry.importCsv(readFileSync('data/agencies-sample.csv'), { sourceDate: '2026-11-12' });
    const substantiation = createAgencySubstantiation({ redis, prefix });
    const { lookupAgency } = createAgencyActions(registry, { substantiatedCount: substantiation.countFor });
    const agencyCheck = async () => {
      const ctx = {
        channel: 'console',
        userId: 'someone',
        lang: 'id',
        params: { query: 'cek PT Sinar Jaya Abadi' },
        slots: {},
        message: { channel: 'console', userId: 'someone', messageId: 'x', text: '', receivedAt: clock },
        now: clock,
      } as ActionContext;
      return ((await lookupAgency(ctx)).say ?? []).map((s) => t(s.key, s.params)).join('\n');
    };
    expect(await agencyCheck()).not.toContain('Catatan Sahabat PMI');
    const substantiate = createSubstantiateCommand({
      registry,
      substantiation,
      now,
      caseExists: async (x) => (await cases.get(x)) !== null,
    });
    expect((await substantiate(ticket, 'CONTOH-0101')).result).toBe('marked');
    expect(await agencyCheck()).toContain('memastikan 1 pengaduan');
  }, 60_000);
});
