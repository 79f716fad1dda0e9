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

describe('rules of blind set 23 reached in other words', () => {
  it("gives Germany's hourly minimum wage", async () => {
    const r = await ask('berapa upah minimum per jam di jerman sekarang? ditawari kerja di pabrik');
    expect(r.text).toMatch(/13,90 euro/);
  }, 60_000);

  it("gives Poland's monthly minimum wage in English", async () => {
    const r = await ask('what is the minimum wage in poland per month this year?');
    expect(r.text).toMatch(/4,806/);
  }, 60_000);

  it("gives Poland's hourly rate in zloty", async () => {
    const r = await ask('gaji minimal di polandia per jam berapa zloty?');
    expect(r.text).toMatch(/31,40 zloty/);
  }, 60_000);

  it('sends a worker home from Australia to the DASP claim', async () => {
    const r = await ask('udah pulang dari australia, dana superannuation masih bisa diklaim ga?');
    expect(r.text).toMatch(/DASP/);
  }, 60_000);

  it("gives Malaysia's 7-day pay limit for a factory worker", async () => {
    const r = await ask(
      'saya kerja pabrik di selangor, gaji bulan ini belum dibayar, majikan wajib bayar paling lambat tanggal berapa?',
    );
    expect(r.text).toMatch(/paling lambat 7 hari/);
  }, 60_000);

  it("gives the UAE's 10-day limit for a domestic worker's late wage", async () => {
    const r = await ask('majikan PRT di abu dhabi telat bayar gaji 2 minggu, itu melanggar?');
    expect(r.text).toMatch(/10 hari/);
  }, 60_000);

  it("says Oman's employer pays a domestic worker's health insurance", async () => {
    const r = await ask('PRT di muscat, kalau sakit siapa yg bayar asuransi kesehatan?');
    expect(r.text).toMatch(/majikan wajib menanggung asuransi kesehatan/);
  }, 60_000);

  it("gives Macau's housing allowance to a helper living out", async () => {
    const r = await ask('saya pembantu di macau, tidak tinggal di rumah majikan, dapat uang sewa?');
    expect(r.text).toMatch(/MOP 500/);
  }, 60_000);

  it('says Korea pays no severance under a year', async () => {
    const r = await ask('I quit my job in a Korean factory after 10 months, will I get severance?');
    expect(r.text).toMatch(/Under 1 year there is no severance/);
  }, 60_000);

  it("says Korea's industrial-accident insurance covers foreign workers", async () => {
    const r = await ask(
      'pekerja pabrik di korea kena kecelakaan kerja, apa orang asing dapat asuransi kecelakaan kerja?',
    );
    expect(r.text).toMatch(/sanjae/);
  }, 60_000);

  it('says a Japanese technical trainee may not change company at will', async () => {
    const r = await ask('boleh gak pemagang jisshusei pindah perusahaan sendiri?');
    expect(r.text).toMatch(/^Tidak/);
    expect(r.text).toMatch(/pada dasarnya tidak boleh pindah/);
  }, 60_000);

  it('sends a Japanese trainee moving to SSW to the immigration office', async () => {
    const r = await ask('kontrak magang di jepang mau habis, gimana cara lanjut ke SSW?');
    expect(r.text).toMatch(/perubahan status tinggal ke kantor Imigrasi/);
  }, 60_000);

  it("names Japan's Labour Standards Inspection Office for a rosai claim", async () => {
    const r = await ask('tangan saya luka kerja di pabrik osaka, mau klaim rosai ke mana?');
    expect(r.text).toMatch(/Kantor Pengawas Standar Ketenagakerjaan/);
  }, 60_000);

  it('says no to Taiwan factory days beyond 12 hours', async () => {
    const r = await ask('pabrik di taiwan nyuruh lembur sampai 16 jam sehari, boleh gak?');
    expect(r.text).toMatch(/^Tidak/);
    expect(r.text).toMatch(/12 jam sehari/);
  }, 60_000);

  it("gives Taiwan's contract-end transfer without going home", async () => {
    const r = await ask(
      'kontrak saya di pabrik taichung selesai bulan depan, bisa pindah ke majikan baru tanpa pulang dulu?',
    );
    expect(r.text).toMatch(/2 sampai 4 bulan/);
    expect(r.text).not.toMatch(/^\W*tidak\b/i);
  }, 60_000);

  it('gives the Saudi resignation scale for a company worker', async () => {
    const r = await ask('I worked 2 years in a Saudi company and resigned. do I get end of service?');
    expect(r.text).toMatch(/one third/);
  }, 60_000);

  it('says a Brunei employer must compensate a work injury', async () => {
    const r = await ask('jari saya putus di pabrik brunei, majikan wajib ganti rugi?');
    expect(r.text).toMatch(/^Ya/);
    expect(r.text).toMatch(/ganti rugi kecelakaan kerja/);
  }, 60_000);

  it('does not confirm a Brunei employer refusing compensation', async () => {
    const r = await ask('majikan di brunei menolak bayar ganti rugi jari saya yang putus, boleh?');
    expect(r.text).not.toMatch(/^\W*(ya|boleh)\b/i);
  }, 60_000);

  it("names Hong Kong's Immigration Department after an early termination", async () => {
    const r = await ask('contract terminated in hong kong, how many days can i stay?');
    expect(r.text).toMatch(/14 days/);
    expect(r.text).toMatch(/Immigration Department/);
  }, 60_000);
});
