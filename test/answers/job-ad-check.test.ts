import { describe, expect, it } from 'vitest';
import { createJobAdCheck } from '../../src/answers/job-ad-check.js';
import { loadJobAdRules } from '../../src/answers/job-ad-rules.js';
import { loadRates } from '../../src/answers/load-rates.js';
import { loadDestinations } from '../../src/destinations/load-destinations.js';
import { realNlu } from '../nlu/nlu-fixture.js';

const nlu = realNlu();
const destinations = loadDestinations('data/destinations');
const check = createJobAdCheck({
  rules: loadJobAdRules('data/answers/job-ad-rules.yaml'),
  matcher: (p) => (nlu.matcher as NonNullable<typeof nlu.matcher>)(p),
  idrPerUnit: loadRates('data/answers/rates.yaml'),
});
const verdictOf = (text: string, country?: string, agency?: 'licensed' | 'not_found') =>
  check({
    text,
    lang: 'id',
    destination: country ? destinations.get(country) : undefined,
    job: 'domestic',
    amounts: nlu.classify(text).entities.amounts ?? [],
    agency,
  });

// Adverts written for this test, in the shapes recruiters use.
const SCAMS: [string, string | undefined][] = [
  [
    'DICARI ADMIN & CS ONLINE penempatan Kamboja, gaji 25jt/bln, tanpa pengalaman, tiket ditanggung. Berangkat pakai visa turis dulu, hubungi WA 0812xxxxxxx',
    'KH',
  ],
  [
    'Lowongan PRT Arab Saudi gaji 1.800 riyal, berangkat pakai visa ziarah, biaya proses 5jt transfer ke rekening pribadi saya',
    'SA',
  ],
  [
    'Kerja pabrik Taiwan gaji 35jt per bulan, tanpa tes, proses 2 minggu langsung berangkat, bayar 60jt cash ke sponsor',
    'TW',
  ],
  [
    'Job operator game di Myanmar, gaji USD 2000, lewat jalur belakang Mae Sot, paspor dipegang perusahaan selama kontrak',
    'MM',
  ],
];
const LEGIT: [string, string | undefined][] = [
  [
    'PT Sahabat Karya Mandiri (P3MI berizin, SIP3MI no. 123) membuka lowongan caregiver Taiwan. Pendaftaran lewat Disnaker dan LTSA kabupaten, pelatihan di BLK resmi, biaya sesuai struktur biaya KP2MI, kontrak dibaca dan ditandatangani di depan petugas.',
    'TW',
  ],
  ['Program G to G Korea (EPS): daftar ujian EPS-TOPIK di SISKOP2MI, tanpa calo, informasi resmi dari KP2MI.', 'KR'],
];

describe('job-ad check', () => {
  it.each(SCAMS)('calls a scam advert a scam, with its reasons: %s', (text, country) => {
    const v = verdictOf(text, country);
    expect(v.verdict).toBe('scam');
    expect(v.findings.filter((f) => f.weight > 0).length).toBeGreaterThanOrEqual(2);
    for (const f of v.findings) expect(f.reason.length).toBeGreaterThan(20);
  });

  it.each(LEGIT)('finds no red flags in a legitimate advert, and names its good signs: %s', (text, country) => {
    const v = verdictOf(text, country, 'licensed');
    expect(['no_red_flags', 'official_signs']).toContain(v.verdict);
    expect(v.findings.some((f) => f.weight < 0)).toBe(true);
  });

  it('flags pay far above the destination minimum, converting rupiah to the local currency', () => {
    const v = verdictOf('Dicari PRT Hong Kong, gaji 40 juta sebulan', 'HK');
    expect(v.findings.map((f) => f.id)).toContain('salary_far_above_norm');
    const fair = verdictOf('Dicari PRT Hong Kong, gaji HKD 5.100 sebulan', 'HK');
    expect(fair.findings.map((f) => f.id)).not.toContain('salary_far_above_norm');
  });

  it('counts an agency missing from the licence registry against the advert', () => {
    const v = verdictOf('PT Bintang Fiktif merekrut PRT ke Malaysia', 'MY', 'not_found');
    expect(v.findings.map((f) => f.id)).toContain('agency_not_in_registry');
  });

  it('is never sure an advert is safe: the best verdicts are "no red flags" and "matches the official route"', () => {
    expect(['scam', 'suspicious', 'no_red_flags']).toContain(verdictOf('halo').verdict);
  });

  it('reads an official programme notice with no red flag as matching the official route', () => {
    const notice =
      'Pendaftaran program G to G Korea (EPS-TOPIK) dibuka, daftar online di SISKOP2MI, tanpa biaya penempatan';
    expect(verdictOf(notice, 'KR').verdict).toBe('official_signs');
    // One red flag is enough to lose that reading.
    expect(verdictOf(`${notice}, transfer dulu 2 juta ke rekening pribadi admin`, 'KR').verdict).not.toBe(
      'official_signs',
    );
  });
});
