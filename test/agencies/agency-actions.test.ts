import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgencyActions } from '../../src/agencies/agency-actions.js';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import type { ActionContext, ActionResult, Language } from '../../src/core/action-types.js';
import { checkLocaleParity, createTranslator, flattenKeys } from '../../src/i18n/create-translator.js';
import { createRedis } from '../../src/redis.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const SAMPLE = readFileSync('data/agencies-sample.csv');
const locales = {
  id: { agency: JSON.parse(readFileSync('locales/id/agency.json', 'utf8')) },
  en: { agency: JSON.parse(readFileSync('locales/en/agency.json', 'utf8')) },
};
const translator = createTranslator(locales);
const NOW = Date.UTC(2026, 10, 29, 3); // 29 Nov 2026, 10:00 in Jakarta
const redis = testRedis();
const prefix = testPrefix();
const registry = createAgencyRegistry({ redis, prefix: `${prefix}:sample` });
const { lookupAgency } = createAgencyActions(registry);

function ctx(query: unknown, lang: Language = 'id', now = NOW): ActionContext {
  return {
    channel: 'console',
    userId: 'u1',
    lang,
    params: { query },
    slots: {},
    message: { channel: 'console', userId: 'u1', messageId: 'm1', text: String(query), receivedAt: now },
    now,
  };
}

/** Renders every `say` item as the user would read it; fails on a missing key or an unfilled placeholder. */
function render(result: ActionResult, lang: Language = 'id'): string[] {
  return (result.say ?? []).map((item) => {
    expect(translator.missingIn(item.key)).toEqual([]);
    const text = translator.t(lang, item.key, item.params);
    expect(text).not.toMatch(/\{\{|\}\}/);
    return text;
  });
}

beforeAll(async () => {
  await registry.importCsv(SAMPLE, { sourceDate: '2026-11-12' });
});

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('lookupAgency', () => {
  it('found, active: licence date, the warnings, data age and the sample notice', async () => {
    const r = await lookupAgency(ctx('pt sinar jaya abadi resmi gk?'));
    expect(r.outcome).toBe('found');
    expect(r.value).toMatchObject({ id: 'lic:CONTOH0101', status: 'active', expired: false, offerComplaint: false });
    expect(r.say?.map((s) => s.key)).toEqual(['agency.result.active', 'agency.footer_sample.days']);
    const [answer, footer] = render(r);
    expect(answer).toContain('PT Sinar Jaya Abadi');
    expect(answer).toContain('31 Mar 2028');
    expect(answer).toContain('TIDAK membuktikan');
    expect(answer).toContain('0800-1000');
    expect(footer).toContain('DATA CONTOH');
    expect(footer).toContain('12 Nov 2026, 17 hari lalu');
  });

  it('speaks English with English dates', async () => {
    const r = await lookupAgency(ctx('Tirta Anugerah Lestari', 'en'));
    const [answer, footer] = render(r, 'en');
    expect(answer).toContain('valid until 29 Feb 2028');
    expect(footer).toContain('SAMPLE DATA');
    expect(footer).toContain('12 Nov 2026, 17 days ago');
  });

  it.each([
    ['suspended', 'lintas samudera jya', 'agency.result.suspended', 'DIBEKUKAN'],
    ['revoked', 'cek PT Maju Jaya Perkasa', 'agency.result.revoked', 'DICABUT'],
    ['active but past its date', 'nusantara mitra sentosa', 'agency.result.expired', '31 Okt 2025'],
  ])('found, %s: says what it means and offers a complaint', async (_label, query, key, phrase) => {
    const r = await lookupAgency(ctx(query));
    expect(r.outcome).toBe('found');
    expect(r.say?.[0]?.key).toBe(key);
    expect(render(r)[0]).toContain(phrase);
    expect(r.value).toMatchObject({ offerComplaint: true });
  });

  it('finds by licence number', async () => {
    const r = await lookupAgency(ctx('tolong cek lisensi CONTOH-0107'));
    expect(r.value).toMatchObject({ name: 'PT Bumi Sejahtera Indah', status: 'revoked' });
  });

  it('ambiguous: offers choices labelled with the province, and a chosen id answers', async () => {
    const r = await lookupAgency(ctx('cek PT Maju Jaya'));
    expect(r.outcome).toBe('ambiguous');
    const choices = (r.value as { choices: { id: string; label: string }[] }).choices;
    expect(choices).toEqual(
      expect.arrayContaining([
        { id: 'lic:CONTOH0104', label: 'PT Maju Jaya Sentosa (Jawa Tengah)' },
        { id: 'lic:CONTOH0105', label: 'PT Maju Jaya Perkasa (DKI Jakarta)' },
      ]),
    );
    expect(render(r)[0]).toContain('Yang mana');
    const picked = await lookupAgency(ctx('lic:CONTOH0105'));
    expect(picked).toMatchObject({ outcome: 'found', value: { name: 'PT Maju Jaya Perkasa', status: 'revoked' } });
  });

  it('none: warns, names the official places to check, offers a complaint, and dates the data', async () => {
    const r = await lookupAgency(ctx('apakah PT Zebra Kuantum Galaksi terdaftar?'));
    expect(r).toMatchObject({ outcome: 'none', value: { query: 'PT Zebra Kuantum Galaksi', offerComplaint: true } });
    const [answer, footer] = render(r);
    expect(answer).toContain('"PT Zebra Kuantum Galaksi"');
    for (const place of ['SISKOP2MI', 'BP3MI/P4MI', '0800-1000', 'jangan bayar']) expect(answer).toContain(place);
    expect(footer).toContain('17 hari lalu');
    const byNumber = await lookupAgency(ctx('9912345678'));
    expect(byNumber.say?.[0]?.key).toBe('agency.result.none_licence');
  });

  it.each(['   ', 'cek agensi', 'PT'])('a message without a name (%j) asks for the name', async (text) => {
    expect(await lookupAgency(ctx(text))).toMatchObject({
      outcome: 'none',
      value: { query: '', offerComplaint: false },
      say: [{ key: 'agency.empty_query' }],
    });
  });

  it('gives the whole message a second chance when the extracted name finds nothing', async () => {
    const odd = createAgencyRegistry({ redis, prefix: `${prefix}:odd` });
    const csv =
      'name,licence_no,status,valid_until,address,province\nPT Itu Bagus Sejahtera,ODD-001,active,,Jl. A,Bali\n';
    await odd.importCsv(csv, { sourceDate: '2026-11-20' });
    const { lookupAgency: lookup } = createAgencyActions(odd);
    expect(await lookup(ctx('cek PT Itu Bagus Sejahtera'))).toMatchObject({
      outcome: 'found',
      value: { name: 'PT Itu Bagus Sejahtera' },
    });
    expect(await lookup(ctx('cek agensi'))).toMatchObject({ outcome: 'none', say: [{ key: 'agency.empty_query' }] });
  });

  it('unavailable: empty registry or Redis down, with the official places to check', async () => {
    const empty = createAgencyActions(createAgencyRegistry({ redis, prefix: `${prefix}:none` }));
    const r = await empty.lookupAgency(ctx('sinar jaya'));
    expect(r).toMatchObject({ outcome: 'unavailable', value: { reason: 'empty' } });
    expect(render(r)[0]).toContain('SISKOP2MI');

    const dead = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true });
    dead.on('error', () => {});
    const down = createAgencyActions(createAgencyRegistry({ redis: dead, prefix, timeoutMs: 300 }));
    expect(await down.lookupAgency(ctx('sinar jaya'))).toMatchObject({
      outcome: 'unavailable',
      value: { reason: 'redis' },
    });
    dead.disconnect();
  });

  it('says how old official data is: today, yesterday, days, and stale', async () => {
    const official = createAgencyRegistry({ redis, prefix: `${prefix}:official` });
    const { lookupAgency: lookup } = createAgencyActions(official);
    const csv = SAMPLE.toString('utf8').replace(/^#.*\n/gm, '');
    const cases: [string, string, string][] = [
      ['2026-11-29', 'agency.footer.today', 'hari ini'],
      ['2026-11-28', 'agency.footer.yesterday', 'kemarin'],
      ['2026-10-01', 'agency.footer.days', '59 hari lalu'],
      ['2026-06-01', 'agency.footer.stale', 'status bisa sudah berubah'],
    ];
    for (const [sourceDate, key, phrase] of cases) {
      await official.importCsv(csv, { sourceDate });
      const r = await lookup(ctx('sinar jaya abadi'));
      expect(r.say?.[1]?.key).toBe(key);
      expect(render(r)[1]).toContain(phrase);
    }
  });
});

describe('agency locales', () => {
  it('have the same keys in id and en, all non-empty', () => {
    expect(checkLocaleParity(locales)).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (lang: 'id' | 'en') =>
      new Map(
        [...flattenKeys(locales[lang])].map(([k, v]) => [k, (String(v).match(/\{\{\w+\}\}/g) ?? []).sort().join(' ')]),
      );
    const id = placeholders('id');
    expect(id.get('agency.result.active')).toBe('{{licenceNo}} {{name}} {{office}} {{validUntil}}');
    expect(placeholders('en')).toEqual(id);
  });
});
