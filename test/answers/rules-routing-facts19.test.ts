/**
 * Rules added or reworded in data/destinations for blind set 21's misses, asked here in other
 * words: KP2MI's number from abroad, Taiwan's passport renewal at KDEI and funeral leave,
 * Singapore's salary-claim and work-injury deadlines, Saudi claims after the job ends, the
 * consulate for Sarawak, Korea's "EPS" and Japan's labour-standards office.
 * Through the whole bot (composeBot, real Redis).
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'topic');

/** [what the bot must do, the question, what the reply must say, what it must not say] */
const CASES: [string, string, RegExp[], RegExp[]][] = [
  [
    'gives the KP2MI number that works from abroad in a where-to-report list',
    'aku neng HK, arep telpon KP2MI soko kene, nomere piro? 0800 ora iso',
    [/2924 4800/],
    [],
  ],
  [
    'sends a Taiwan worker to KDEI to renew a passport',
    'my passport expires soon, I work in a factory in Taiwan. where do I renew it?',
    [/KDEI/],
    [],
  ],
  [
    "gives Taiwan's 8 days of funeral leave for a parent",
    'ibu saya meninggal, saya kerja pabrik di taiwan, dapat cuti berapa hari?',
    [/\b8 hari/],
    [],
  ],
  [
    'says a Taiwan home caregiver may not be sent to work in the family shop',
    'sy perawat rumah di taiwan, majikan suruh bantu di toko anaknya tiap hari. boleh gak?',
    [/tidak boleh/i],
    [/^\W*(ya|iya|boleh)\b/i],
  ],
  [
    "gives Singapore's 6-month salary-claim limit after leaving",
    'I left my job in Singapore 3 months ago and salary not paid. is there a deadline to file a salary claim?',
    [/6 months/],
    [],
  ],
  [
    "gives Singapore's 1-year limit for a permanent-incapacity claim",
    'tangan sy cedera pas kerja di singapura, cacat permanen. klaim WICA batas waktunya berapa lama?',
    [/1 tahun/],
    [],
  ],
  [
    'gives the Saudi 12-month limit for claims after the contract ended',
    'kontrak sy di riyadh habis setahun lalu, gaji terakhir belum dibayar. masih bisa nuntut gak?',
    [/12 bulan/],
    [],
  ],
  ['names KJRI Kuching for a worker in Sarawak', 'KJRI paling dekat dari Bintulu Sarawak di mana?', [/Kuching/], []],
  [
    'reads EPS as Korea and gives the return-cost insurance',
    'EPS workers from Indonesia, how much is the return cost insurance?',
    [/400,000/],
    [],
  ],
  [
    "names Japan's Labour Standards Inspection Office for unpaid overtime",
    'di jepang gaji lembur sy gak dibayar, lapor ke kantor mana?',
    [/Pengawas Standar Ketenagakerjaan|Roudou Kijun/],
    [],
  ],
];

describe('rules of blind set 21 reached in other words', () => {
  it.each(CASES)(
    '%s',
    async (_what, question, must, mustNot) => {
      const r = await ask(question);
      for (const re of must) expect(r.text).toMatch(re);
      for (const re of mustNot) expect(r.text).not.toMatch(re);
    },
    60_000,
  );
});
