/**
 * Rules added or reached for blind set 22's misses, asked here in other words and for other
 * countries: Taiwan's broker service fee by year and its health checks, complaints to the
 * destination's own authority (Korea, Saudi Arabia, Kuwait), Saudi Arabia's online dispute
 * filing, ages said with who asks (IM Japan, EPS), contract length asked before the route,
 * brokers without a placement company, zero-cost tickets, BPJS failed departure, money to be
 * sent sooner in Korea's EPS, Taiwan's lost ARC, Singapore's agency licence check, Hong Kong's
 * long service payment and Germany's nurse route and Ferienjob.
 * Through the whole bot (composeBot, real Redis).
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'topic');

/** [what the bot must do, the question, what the reply must say, what it must not say] */
const CASES: [string, string, RegExp[], RegExp[]][] = [
  [
    "gives Taiwan's second-year cap on the broker's monthly service fee",
    'di taiwan broker boleh motong uang layanan brp per bulan kalo udah tahun kedua?',
    [/1\.700/],
    [],
  ],
  [
    "gives Taiwan's first-year cap when the fee is said to be deducted in English",
    'agency in taiwan deducts service fee every month from my salary, how much is the max in my first year?',
    [/1,800/],
    [],
  ],
  [
    'says the Taiwan 1955 line is open round the clock',
    'di taiwan nomer 1955 itu buka 24 jam gak? bisa pake bahasa indonesia?',
    [/24 jam/],
    [],
  ],
  [
    "names Korea's labour ministry line for an official report",
    'saya kerja pabrik di korea, lembur tidak dibayar. mau lapor resmi ke kantor tenaga kerja korea, nomornya berapa?',
    [/1350/],
    [],
  ],
  [
    'names the authority and number when asked which authority handles complaints (Kuwait)',
    "I work in Kuwait, which authority handles complaints from expat workers and what's their number?",
    [/Public Authority for Manpower/],
    [],
  ],
  [
    "says Saudi Arabia's domestic-worker disputes are filed online first",
    'PRT di riyadh, gaji 3 bulan belum dibayar. cara ngadu ke pemerintah saudi gimana? harus ke kantor?',
    [/online/],
    [],
  ],
  [
    'says yes to EPS for a 30-year-old who states her age with who she is',
    'saya 30 tahun cewek lulusan SMK, masih bisa daftar EPS ke korea?',
    [/39/],
    [/^\W*tidak\b/i],
  ],
  ['says no to EPS at 41', 'aku cewek 41 tahun, masih bisa daftar G to G korea?', [/^\W*Tidak/], []],
  ['says no to IM Japan at 28', 'umur 28 laki-laki, lulusan SMA, bisa ikut magang IM Japan?', [/^\W*Tidak/, /26/], []],
  [
    "gives Korea's 4 years 10 months when asked how long one may work in all",
    'how long am i allowed to work in korea on E-9 in total?',
    [/4 years 10 months/],
    [],
  ],
  [
    'says a village sponsor who needs no PT breaks the law',
    'calo di kampung bilang gak perlu lewat PT ke malaysia, cukup bayar dia 20 juta. itu sah gak?',
    [/dilarang|tidak sah|ilegal/i],
    [/^\W*(ya|sah)\b/i],
  ],
  [
    'says an elderly carer does not pay her own ticket',
    'PT minta saya bayar tiket pesawat sendiri padahal saya mau jadi pengasuh lansia. emang harus?',
    [/dibebaskan|ditanggung majikan/],
    [/^\W*ya\b/i],
  ],
  [
    'gives the BPJS failed-departure benefit',
    'kalau visa kerja ga keluar dan aku batal berangkat, bpjs bisa diklaim ga?',
    [/gagal berangkat/],
    [],
  ],
  [
    'says no to an LPK asking money to be picked sooner in Korea',
    'LPK minta uang 10 juta supaya cepat dipilih majikan korea setelah lulus ujian, itu resmi gak?',
    [/^\W*Tidak/, /LPK atau calo tidak bisa/],
    [],
  ],
  ["gives Taiwan's periodic health checks", 'di taiwan medical check itu berapa kali selama kontrak?', [/ke-18/], []],
  [
    'sends a Taiwan worker who lost the ARC to the immigration office',
    'I lost my ARC in Taoyuan, where do I get a new one?',
    [/National Immigration Agency/],
    [],
  ],
  [
    "points to MOM's EA Directory to check a Singapore agency's licence",
    'agensi singapura sy punya izin MOM gak ya? cara ceknya gimana',
    [/EA Directory/],
    [],
  ],
  [
    "gives Hong Kong's 5-year long service payment after a dismissal",
    'kerja di HK 6 tahun sama satu majikan terus diputus kontrak, dapet long service payment gak?',
    [/5 tahun/],
    [],
  ],
  [
    'names Hong Kong from "long service payment" alone',
    'aku wis 7 taun karo majikan, saiki dipecat. entuk long service payment ora?',
    [/Hong Kong/],
    [],
  ],
  [
    "says Germany's G to G nurse route needs a nursing degree",
    'aku lulusan SMA, bisa gak ikut program perawat G to G ke Jerman?',
    [/^\W*Tidak/, /D3 Keperawatan/],
    [],
  ],
  [
    'says Ferienjob is not an internship',
    'kampus aku ngirim mahasiswa ferienjob ke jerman 3 bulan, itu beneran magang resmi gak sih?',
    [/bukan magang/],
    [],
  ],
];

describe('rules of blind set 22 reached in other words', () => {
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
