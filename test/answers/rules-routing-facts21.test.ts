/**
 * Rules added or reworded in data/destinations for blind set 23's misses, asked here in other
 * words and for other countries: minimum wages in Germany and Poland, Australia's super refund,
 * pay-day limits in Malaysia and the UAE, Oman's health insurance, Macau's housing allowance,
 * Korea's severance, industrial-accident insurance and workplace change, Japan's trainees,
 * work-injury claims and the move to SSW, Taiwan's daily hours and contract-end transfer, Saudi
 * end of service, Brunei's injury compensation, Hong Kong's two-week rule and Singapore's
 * passport rule.
 * Through the whole bot (composeBot, real Redis).
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'topic');

/** [what the bot must do, the question, what the reply must say, what it must not say] */
const CASES: [string, string, RegExp[], RegExp[]][] = [
  [
    "gives Germany's hourly minimum wage",
    'berapa upah minimum per jam di jerman sekarang? ditawari kerja di pabrik',
    [/13,90 euro/],
    [],
  ],
  [
    "gives Poland's monthly minimum wage in English",
    'what is the minimum wage in poland per month this year?',
    [/4,806/],
    [],
  ],
  ["gives Poland's hourly rate in zloty", 'gaji minimal di polandia per jam berapa zloty?', [/31,40 zloty/], []],
  [
    'sends a worker home from Australia to the DASP claim',
    'udah pulang dari australia, dana superannuation masih bisa diklaim ga?',
    [/DASP/],
    [],
  ],
  [
    "gives Malaysia's 7-day pay limit for a factory worker",
    'saya kerja pabrik di selangor, gaji bulan ini belum dibayar, majikan wajib bayar paling lambat tanggal berapa?',
    [/paling lambat 7 hari/],
    [],
  ],
  [
    "gives the UAE's 10-day limit for a domestic worker's late wage",
    'majikan PRT di abu dhabi telat bayar gaji 2 minggu, itu melanggar?',
    [/10 hari/],
    [],
  ],
  [
    "says Oman's employer pays a domestic worker's health insurance",
    'PRT di muscat, kalau sakit siapa yg bayar asuransi kesehatan?',
    [/majikan wajib menanggung asuransi kesehatan/],
    [],
  ],
  [
    "gives Macau's housing allowance to a helper living out",
    'saya pembantu di macau, tidak tinggal di rumah majikan, dapat uang sewa?',
    [/MOP 500/],
    [],
  ],
  [
    'says Korea pays no severance under a year',
    'I quit my job in a Korean factory after 10 months, will I get severance?',
    [/Under 1 year there is no severance/],
    [],
  ],
  [
    "says Korea's industrial-accident insurance covers foreign workers",
    'pekerja pabrik di korea kena kecelakaan kerja, apa orang asing dapat asuransi kecelakaan kerja?',
    [/sanjae/],
    [],
  ],
  [
    'says a Japanese technical trainee may not change company at will',
    'boleh gak pemagang jisshusei pindah perusahaan sendiri?',
    [/^Tidak/, /pada dasarnya tidak boleh pindah/],
    [],
  ],
  [
    'sends a Japanese trainee moving to SSW to the immigration office',
    'kontrak magang di jepang mau habis, gimana cara lanjut ke SSW?',
    [/perubahan status tinggal ke kantor Imigrasi/],
    [],
  ],
  [
    "names Japan's Labour Standards Inspection Office for a rosai claim",
    'tangan saya luka kerja di pabrik osaka, mau klaim rosai ke mana?',
    [/Kantor Pengawas Standar Ketenagakerjaan/],
    [],
  ],
  [
    'says no to Taiwan factory days beyond 12 hours',
    'pabrik di taiwan nyuruh lembur sampai 16 jam sehari, boleh gak?',
    [/^Tidak/, /12 jam sehari/],
    [],
  ],
  [
    "gives Taiwan's contract-end transfer without going home",
    'kontrak saya di pabrik taichung selesai bulan depan, bisa pindah ke majikan baru tanpa pulang dulu?',
    [/2 sampai 4 bulan/],
    [/^\W*tidak\b/i],
  ],
  [
    'gives the Saudi resignation scale for a company worker',
    'I worked 2 years in a Saudi company and resigned. do I get end of service?',
    [/one third/],
    [],
  ],
  [
    'says a Brunei employer must compensate a work injury',
    'jari saya putus di pabrik brunei, majikan wajib ganti rugi?',
    [/^Ya/, /ganti rugi kecelakaan kerja/],
    [],
  ],
  [
    'does not confirm a Brunei employer refusing compensation',
    'majikan di brunei menolak bayar ganti rugi jari saya yang putus, boleh?',
    [],
    [/^\W*(ya|boleh)\b/i],
  ],
  [
    "names Hong Kong's Immigration Department after an early termination",
    'contract terminated in hong kong, how many days can i stay?',
    [/14 days/, /Immigration Department/],
    [],
  ],
];

describe('rules of blind set 23 reached in other words', () => {
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
