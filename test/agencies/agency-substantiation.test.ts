/**
 * What complaints say about agencies: staff mark a case substantiated against a registry
 * agency with /terbukti; the agency check then gives the count of the last 12 months (never
 * unverified complaints, never details); supervisors get agencies by count. Real Redis, the
 * sample registry, the real staff console.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgencyActions } from '../../src/agencies/agency-actions.js';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { createAgencySubstantiation } from '../../src/agencies/agency-substantiation.js';
import { createSubstantiateCommand } from '../../src/agencies/substantiate-command.js';
import type { ActionContext } from '../../src/core/action-types.js';
import { parseStaffCommand } from '../../src/handover/staff-commands.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const registry = createAgencyRegistry({ redis, prefix });
const substantiation = createAgencySubstantiation({ redis, prefix });
const NOW = Date.UTC(2026, 10, 29, 3);
const DAY = 86_400_000;
let clock = NOW;
const known = new Set(['ADU-7K3Q9X2M', 'ADU-8K3Q9X2M', 'ADU-9K3Q9X2M']);
const substantiate = createSubstantiateCommand({
  registry,
  substantiation,
  caseExists: async (t) => known.has(t),
  now: () => clock,
});
const { lookupAgency } = createAgencyActions(registry, { substantiatedCount: substantiation.countFor });

async function check(query: string, now = clock): Promise<string> {
  const ctx = {
    channel: 'console',
    userId: 'u1',
    lang: 'id',
    params: { query },
    slots: {},
    message: { channel: 'console', userId: 'u1', messageId: 'm1', text: query, receivedAt: now },
    now,
  } as ActionContext;
  const r = await lookupAgency(ctx);
  return (r.say ?? []).map((s) => translator.t('id', s.key, s.params)).join('\n');
}

beforeAll(async () => {
  await registry.importCsv(readFileSync('data/agencies-sample.csv'), { sourceDate: '2026-11-12' });
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('substantiated complaints against agencies', () => {
  it('parses /terbukti with a ticket and a licence, name or batal', () => {
    expect(parseStaffCommand('/terbukti adu-7k3q9x2m CONTOH-0101')).toEqual({
      kind: 'substantiate',
      ticket: 'ADU-7K3Q9X2M',
      query: 'CONTOH-0101',
    });
    expect(parseStaffCommand('/terbukti ADU-7K3Q9X2M')).toEqual({ kind: 'substantiate_usage' });
    expect(parseStaffCommand('/terbukti PT Sinar')).toEqual({ kind: 'substantiate_usage' });
  });

  it('an agency check says nothing before staff substantiate a complaint, then gives only the count', async () => {
    expect(await check('cek PT Sinar Jaya Abadi')).not.toContain('Catatan Sahabat PMI');
    expect(await substantiate('ADU-7K3Q9X2M', 'CONTOH-0101')).toMatchObject({
      result: 'marked',
      name: 'PT Sinar Jaya Abadi',
      count: 1,
    });
    expect(await substantiate('ADU-8K3Q9X2M', 'PT Sinar Jaya Abadi')).toMatchObject({ result: 'marked', count: 2 });
    const text = await check('cek PT Sinar Jaya Abadi');
    expect(text).toContain('memastikan 2 pengaduan terhadap perusahaan ini');
    expect(text).toContain('belum diperiksa tidak dihitung');
    expect(text).not.toMatch(/ADU-/);
    // Another company is not touched.
    expect(await check('cek PT Sinar Jaya Mandiri')).not.toContain('Catatan Sahabat PMI');
  });

  it('refuses an unknown or doubtful agency and an unknown case; batal takes the mark off', async () => {
    expect(await substantiate('ADU-9K3Q9X2M', 'PT Tidak Ada Sama Sekali')).toEqual({ result: 'no_agency' });
    expect((await substantiate('ADU-9K3Q9X2M', 'Sinar Jaya')).result).toMatch(/ambiguous|no_agency/);
    expect(await substantiate('ADU-00000000', 'CONTOH-0101')).toEqual({ result: 'no_case' });
    expect(await substantiate('ADU-8K3Q9X2M', 'batal')).toEqual({ result: 'unmarked' });
    expect(await substantiate('ADU-8K3Q9X2M', 'batal')).toEqual({ result: 'not_marked' });
    expect(await check('cek PT Sinar Jaya Abadi')).toContain('memastikan 1 pengaduan');
  });

  it('moving a mark to another agency moves the count; only the last 12 months count', async () => {
    await substantiate('ADU-7K3Q9X2M', 'CONTOH-0104');
    expect(await check('cek PT Sinar Jaya Abadi')).not.toContain('Catatan Sahabat PMI');
    expect(await check('cek PT Maju Jaya Sentosa')).toContain('memastikan 1 pengaduan');
    expect(await check('cek PT Maju Jaya Sentosa', NOW + 366 * DAY)).not.toContain('Catatan Sahabat PMI');
  });

  it('the supervisor list gives agencies by substantiated cases, most first, counts only', async () => {
    clock = NOW + DAY;
    await substantiate('ADU-8K3Q9X2M', 'CONTOH-0104');
    await substantiate('ADU-9K3Q9X2M', 'CONTOH-0103');
    const report = await substantiation.report(clock);
    expect(report.map((r) => [r.name, r.count])).toEqual([
      ['PT Maju Jaya Sentosa', 2],
      ['PT Sinar Jaya Mandiri', 1],
    ]);
    expect(JSON.stringify(report)).not.toContain('ADU-');
  });
});
