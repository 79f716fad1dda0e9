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

describe('rules of blind set 22 reached in other words', () => {
  it("gives Taiwan's second-year cap on the broker's monthly service fee", async () => {
    const r = await ask('di taiwan broker boleh motong uang layanan brp per bulan kalo udah tahun kedua?');
    expect(r.text).toMatch(/1\.700/);
  }, 60_000);

  it("gives Taiwan's first-year cap when the fee is said to be deducted in English", async () => {
    const r = await ask(
      'agency in taiwan deducts service fee every month from my salary, how much is the max in my first year?',
    );
    expect(r.text).toMatch(/1,800/);
  }, 60_000);

  it('says the Taiwan 1955 line is open round the clock', async () => {
    const r = await ask('di taiwan nomer 1955 itu buka 24 jam gak? bisa pake bahasa indonesia?');
    expect(r.text).toMatch(/24 jam/);
  }, 60_000);

  it("names Korea's labour ministry line for an official report", async () => {
    const r = await ask(
      'saya kerja pabrik di korea, lembur tidak dibayar. mau lapor resmi ke kantor tenaga kerja korea, nomornya berapa?',
    );
    expect(r.text).toMatch(/1350/);
  }, 60_000);

  it('names the authority and number when asked which authority handles complaints (Kuwait)', async () => {
    const r = await ask(
      "I work in Kuwait, which authority handles complaints from expat workers and what's their number?",
    );
    expect(r.text).toMatch(/Public Authority for Manpower/);
  }, 60_000);

  it("says Saudi Arabia's domestic-worker disputes are filed online first", async () => {
    const r = await ask(
      'PRT di riyadh, gaji 3 bulan belum dibayar. cara ngadu ke pemerintah saudi gimana? harus ke kantor?',
    );
    expect(r.text).toMatch(/online/);
  }, 60_000);

  it('says yes to EPS for a 30-year-old who states her age with who she is', async () => {
    const r = await ask('saya 30 tahun cewek lulusan SMK, masih bisa daftar EPS ke korea?');
    expect(r.text).toMatch(/39/);
    expect(r.text).not.toMatch(/^\W*tidak\b/i);
  }, 60_000);

  it('says no to EPS at 41', async () => {
    const r = await ask('aku cewek 41 tahun, masih bisa daftar G to G korea?');
    expect(r.text).toMatch(/^\W*Tidak/);
  }, 60_000);

  it('says no to IM Japan at 28', async () => {
    const r = await ask('umur 28 laki-laki, lulusan SMA, bisa ikut magang IM Japan?');
    expect(r.text).toMatch(/^\W*Tidak/);
    expect(r.text).toMatch(/26/);
  }, 60_000);

  it("gives Korea's 4 years 10 months when asked how long one may work in all", async () => {
    const r = await ask('how long am i allowed to work in korea on E-9 in total?');
    expect(r.text).toMatch(/4 years 10 months/);
  }, 60_000);

  it('says a village sponsor who needs no PT breaks the law', async () => {
    const r = await ask('calo di kampung bilang gak perlu lewat PT ke malaysia, cukup bayar dia 20 juta. itu sah gak?');
    expect(r.text).toMatch(/dilarang|tidak sah|ilegal/i);
    expect(r.text).not.toMatch(/^\W*(ya|sah)\b/i);
  }, 60_000);

  it('says an elderly carer does not pay her own ticket', async () => {
    const r = await ask(
      'PT minta saya bayar tiket pesawat sendiri padahal saya mau jadi pengasuh lansia. emang harus?',
    );
    expect(r.text).toMatch(/dibebaskan|ditanggung majikan/);
    expect(r.text).not.toMatch(/^\W*ya\b/i);
  }, 60_000);

  it('gives the BPJS failed-departure benefit', async () => {
    const r = await ask('kalau visa kerja ga keluar dan aku batal berangkat, bpjs bisa diklaim ga?');
    expect(r.text).toMatch(/gagal berangkat/);
  }, 60_000);

  it('says no to an LPK asking money to be picked sooner in Korea', async () => {
    const r = await ask(
      'LPK minta uang 10 juta supaya cepat dipilih majikan korea setelah lulus ujian, itu resmi gak?',
    );
    expect(r.text).toMatch(/^\W*Tidak/);
    expect(r.text).toMatch(/LPK atau calo tidak bisa/);
  }, 60_000);

  it("gives Taiwan's periodic health checks", async () => {
    const r = await ask('di taiwan medical check itu berapa kali selama kontrak?');
    expect(r.text).toMatch(/ke-18/);
  }, 60_000);

  it('sends a Taiwan worker who lost the ARC to the immigration office', async () => {
    const r = await ask('I lost my ARC in Taoyuan, where do I get a new one?');
    expect(r.text).toMatch(/National Immigration Agency/);
  }, 60_000);

  it("points to MOM's EA Directory to check a Singapore agency's licence", async () => {
    const r = await ask('agensi singapura sy punya izin MOM gak ya? cara ceknya gimana');
    expect(r.text).toMatch(/EA Directory/);
  }, 60_000);

  it("gives Hong Kong's 5-year long service payment after a dismissal", async () => {
    const r = await ask('kerja di HK 6 tahun sama satu majikan terus diputus kontrak, dapet long service payment gak?');
    expect(r.text).toMatch(/5 tahun/);
  }, 60_000);

  it('names Hong Kong from "long service payment" alone', async () => {
    const r = await ask('aku wis 7 taun karo majikan, saiki dipecat. entuk long service payment ora?');
    expect(r.text).toMatch(/Hong Kong/);
  }, 60_000);

  it("says Germany's G to G nurse route needs a nursing degree", async () => {
    const r = await ask('aku lulusan SMA, bisa gak ikut program perawat G to G ke Jerman?');
    expect(r.text).toMatch(/^\W*Tidak/);
    expect(r.text).toMatch(/D3 Keperawatan/);
  }, 60_000);

  it('says Ferienjob is not an internship', async () => {
    const r = await ask('kampus aku ngirim mahasiswa ferienjob ke jerman 3 bulan, itu beneran magang resmi gak sih?');
    expect(r.text).toMatch(/bukan magang/);
  }, 60_000);
});
