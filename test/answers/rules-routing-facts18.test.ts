/**
 * Rules that existed or were added in data/destinations but were not reached by the words
 * workers use (blind set 20's misses, asked here in other words): quitting early in Hong Kong,
 * a Saudi maid's leave, iqama fees, interns' phones in Japan, Taiwan's health check after
 * arrival, illegal entry into Malaysia, the consulates in Sabah, and Indonesia's BPJS figures.
 * Through the whole bot (composeBot, real Redis).
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'topic');

describe('rules reached in the words workers use', () => {
  it('tells a Hong Kong helper who wants to quit early about one month notice', async () => {
    const r = await ask('Mbak, aku PRT neng HK pengin mandek sadurunge kontrak rampung, kudu mbayar majikan ora?');
    expect(r.text).toMatch(/1 bulan|sebulan/);
    expect(r.text).toMatch(/pemberitahuan/);
    expect(r.text).not.toMatch(/\b(harus|wajib) (menyelesaikan|selesaikan)\b/);
  }, 60_000);

  it('gives the length of the Hong Kong standard contract, not the 14-day rule', async () => {
    const r = await ask('how long is the standard contract for a domestic helper in Hong Kong?');
    expect(r.text.split('\n')[0]).toMatch(/2 years/);
  }, 60_000);

  it("answers a Saudi maid's paid leave with one month after two years", async () => {
    const r = await ask('Saya pembantu rumah di Jeddah, betul ke cuti sebulan bergaji selepas kerja 2 tahun?');
    expect(r.text).toMatch(/1 bulan setelah 2 tahun/);
    expect(r.text).not.toMatch(/^\W*(salah|tidak benar)/i);
  }, 60_000);

  it('says the employer pays for renewing an iqama', async () => {
    const r = await ask('perusahaan di saudi suruh saya bayar sendiri perpanjangan iqomah, boleh gak?');
    expect(r.text).toMatch(/majikan wajib membayar/);
    expect(r.text).not.toMatch(/^\W*(ya|iya|boleh)\b/i);
  }, 60_000);

  it("says an intern's phone may not be taken away in Japan", async () => {
    const r = await ask('pemagang di jepang, HP kami dikumpulkan sama perusahaan tiap malam. itu boleh?');
    expect(r.text.split('\n')[0]).toMatch(/^Tidak/);
    expect(r.text).toMatch(/menyita HP/);
  }, 60_000);

  it("gives Taiwan's health check within 3 days of arrival", async () => {
    const r = await ask('when do factory workers in Taiwan have their health check after arriving?');
    expect(r.text).toMatch(/within 3 days/);
  }, 60_000);

  it('gives the penalty for entering Malaysia without a passport', async () => {
    const r = await ask('what happens if I enter Malaysia without a passport and get caught?');
    expect(r.text).toMatch(/prison/);
    expect(r.text).toMatch(/RM10,000/);
  }, 60_000);

  it('lists the consulates in Sabah for a plantation worker there', async () => {
    const r = await ask('aku kerja ladang di lahad datu sabah, kantor konsulat RI paling dekat dimana?');
    expect(r.text).toMatch(/Tawau/);
    expect(r.text).toMatch(/Kota Kinabalu/);
  }, 60_000);

  it('gives the whole BPJS contribution for a two-year contract, not the extension rate', async () => {
    const r = await ask('iuran bpjs ketenagakerjaan pmi total berapa untuk kontrak 2 tahun?');
    expect(r.text.split('\n')[0]).toMatch(/370\.000/);
  }, 60_000);

  it('gives the death benefit to the heirs of a worker registered with BPJS', async () => {
    const r = await ask(
      'bapak saya PMI meninggal di malaysia karena sakit, udah terdaftar BPJS Ketenagakerjaan. keluarga dapat santunan berapa?',
    );
    expect(r.text.split('\n')[0]).toMatch(/85 juta/);
  }, 60_000);
});
