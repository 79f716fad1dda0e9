/**
 * Group complaints through the real engine and flows: co-workers type "gabung KODE", answer
 * the short intake and are counted on the case; the reporter sees the headcount, nobody sees
 * another member's details, staff are told, and "hapus data saya" takes a member out.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaseGroups, readGroup, relatedCases } from '../../src/complaints/case-groups.js';
import { createCase } from '../../src/complaints/case-records.js';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import type { ComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import type { ActionRegistry } from '../../src/core/action-types.js';
import { createComplaintEraser } from '../../src/privacy/complaint-eraser.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, sampleComplaint } from './complaint-test-kit.js';

describe('group complaints', () => {
  const { redisPrefix } = prefixes();
  const keys = complaintKeys(redisPrefix);
  const redis = new Redis(REDIS_URL);
  const { logger, lines } = memoryLogger();
  const staff: string[] = [];
  const cases = createCaseStore({ redis, prefix: redisPrefix });
  const groups = createCaseGroups({
    redis,
    prefix: redisPrefix,
    logger,
    async ownerOf(ticket) {
      const r = await cases.get(ticket);
      return r?.reporter
        ? {
            channel: r.reporter.channel,
            userId: r.reporter.userId,
            category: r.complaint.category,
            country: r.complaint.country,
          }
        : null;
    },
    postToStaff: async (ticket, count) => void staff.push(translator.t('id', 'staff.case_joined', { ticket, count })),
    categoryLabel: (lang, c) => translator.t(lang, `complaint.category.${c}`),
  });
  const actions = {
    ...createComplaintActions({ intake: {} as ComplaintIntake, cases, t: translator.t, logger, groups }),
    ...groups.actions,
  } as unknown as ActionRegistry;

  afterAll(async () => {
    await cleanPrefix(redis, redisPrefix);
    await redis.quit();
  });

  async function file(userId: string, over: Partial<ComplaintJob> = {}): Promise<ComplaintJob> {
    const c = sampleComplaint(over);
    const reporter = {
      id: c.id,
      ticket: c.ticket,
      channel: 'console',
      userId,
      lang: 'id',
      pinHash: 'a'.repeat(64),
      pinSalt: 'b'.repeat(32),
      createdAt: c.createdAt,
      category: c.category,
    };
    await redis.set(keys.pending(c.ticket), JSON.stringify(reporter));
    await createCase(redis, keys, c, c.createdAt);
    return c;
  }

  it('two co-workers join with the code; the reporter sees how many, never who; staff are told', async () => {
    const c = await file('owner', { agencyName: 'PT Maju Jaya' });
    const code = await groups.codeFor(c.ticket);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(await groups.codeFor(c.ticket)).toBe(code);

    const a = new ChatDriver(actions, 'console', 'coworker-a');
    const intro = textOf(await a.send(`gabung ${code.toLowerCase()}`));
    expect(intro).toContain('laporan bersama: Gaji tidak dibayar, TW');
    expect(intro).toContain('mewakili 1 orang');
    expect(intro).not.toContain(c.ticket);
    await a.send('Gaji saya juga ditahan agensi yang sama sejak Juli.');
    const done = textOf(await a.send('ya'));
    expect(done).toContain('Anda sudah bergabung');

    const b = new ChatDriver(actions, 'console', 'coworker-b');
    expect(textOf(await b.send(`gabung ${code}`))).toContain('mewakili 2 orang');
    await b.send('Saya juga belum digaji tiga bulan.');
    const bDone = textOf(await b.send('ya'));
    expect(bDone).toContain('Selain pelapor, 2 orang sudah ikut');
    // B never reads A's account, nor the reporter's.
    expect(bDone).not.toMatch(/Juli|tiga bulan yang|Gaji saya belum dibayar tiga bulan/);

    expect(textOf(await b.send(`gabung ${code}`))).toContain('sudah bergabung ke laporan ini');
    expect(staff.at(-1)).toContain(`${c.ticket}: seorang rekan kerja bergabung. Laporan ini kini mewakili 3 orang`);

    const owner = new ChatDriver(actions, 'console', 'owner');
    const status = textOf(await owner.send(`cek status ${c.ticket}`));
    expect(status).toContain('mewakili 3 orang (Anda dan 2 rekan yang bergabung)');
    expect(status).not.toMatch(/coworker|Juli/);
    expect(textOf(await owner.send(`gabung ${code}`))).toContain('kode gabung laporan Anda sendiri');

    const group = await readGroup(redis, redisPrefix, c.ticket);
    expect(group.headcount).toBe(3);
    expect(group.members.map((m) => m.userId)).toEqual(['coworker-a', 'coworker-b']);
    expect(JSON.stringify(lines)).not.toMatch(/coworker|Juli/);

    // "hapus data saya" takes A out of the group; B stays.
    const eraser = createComplaintEraser({ redis, redisPrefix, logger });
    const erased = await eraser.erase({ channel: 'console', userId: 'coworker-a' });
    expect(erased.deleted).toContain('group_member');
    const after = await readGroup(redis, redisPrefix, c.ticket);
    expect(after.headcount).toBe(2);
    expect(JSON.stringify(after)).not.toContain('Juli');
  });

  it('an unknown code or a refused consent keeps nothing', async () => {
    const x = new ChatDriver(actions, 'console', 'stranger');
    expect(textOf(await x.send('gabung ZZZZZZ'))).toContain('Kode gabung itu tidak dikenal');
    const c = await file('owner-2');
    const code = await groups.codeFor(c.ticket);
    await x.send(`gabung ${code}`);
    await x.send('Saya juga kena masalah yang sama.');
    expect(textOf(await x.send('tidak'))).toContain('Tidak ada yang disimpan');
    expect((await readGroup(redis, redisPrefix, c.ticket)).headcount).toBe(1);
  });

  it('staff see open cases against the same agency grouped, with the people they stand for', async () => {
    const one = await file('r1', { agencyName: 'PT. Sinar Laut' });
    const two = await file('r2', { agencyName: 'pt sinar laut' });
    await file('r3', { agencyName: 'PT Lain Sekali' });
    const all = [one, two].map((c) => c.ticket);
    const records = await Promise.all(all.map((t) => cases.get(t)));
    const groupsFound = await relatedCases(
      records.filter((r) => r !== null),
      false,
      async (t) => (t === one.ticket ? 4 : 1),
    );
    expect(groupsFound).toEqual([{ by: 'agency', name: 'PT. Sinar Laut', tickets: all, people: 5 }]);
  });
});
