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

describe('rules of blind set 21 reached in other words', () => {
  it('gives the KP2MI number that works from abroad in a where-to-report list', async () => {
    const r = await ask('aku neng HK, arep telpon KP2MI soko kene, nomere piro? 0800 ora iso');
    expect(r.text).toMatch(/2924 4800/);
  }, 60_000);

  it('sends a Taiwan worker to KDEI to renew a passport', async () => {
    const r = await ask('my passport expires soon, I work in a factory in Taiwan. where do I renew it?');
    expect(r.text).toMatch(/KDEI/);
  }, 60_000);

  it("gives Taiwan's 8 days of funeral leave for a parent", async () => {
    const r = await ask('ibu saya meninggal, saya kerja pabrik di taiwan, dapat cuti berapa hari?');
    expect(r.text).toMatch(/\b8 hari/);
  }, 60_000);

  it('says a Taiwan home caregiver may not be sent to work in the family shop', async () => {
    const r = await ask('sy perawat rumah di taiwan, majikan suruh bantu di toko anaknya tiap hari. boleh gak?');
    expect(r.text).toMatch(/tidak boleh/i);
    expect(r.text).not.toMatch(/^\W*(ya|iya|boleh)\b/i);
  }, 60_000);

  it("gives Singapore's 6-month salary-claim limit after leaving", async () => {
    const r = await ask(
      'I left my job in Singapore 3 months ago and salary not paid. is there a deadline to file a salary claim?',
    );
    expect(r.text).toMatch(/6 months/);
  }, 60_000);

  it("gives Singapore's 1-year limit for a permanent-incapacity claim", async () => {
    const r = await ask(
      'tangan sy cedera pas kerja di singapura, cacat permanen. klaim WICA batas waktunya berapa lama?',
    );
    expect(r.text).toMatch(/1 tahun/);
  }, 60_000);

  it('gives the Saudi 12-month limit for claims after the contract ended', async () => {
    const r = await ask('kontrak sy di riyadh habis setahun lalu, gaji terakhir belum dibayar. masih bisa nuntut gak?');
    expect(r.text).toMatch(/12 bulan/);
  }, 60_000);

  it('names KJRI Kuching for a worker in Sarawak', async () => {
    const r = await ask('KJRI paling dekat dari Bintulu Sarawak di mana?');
    expect(r.text).toMatch(/Kuching/);
  }, 60_000);

  it('reads EPS as Korea and gives the return-cost insurance', async () => {
    const r = await ask('EPS workers from Indonesia, how much is the return cost insurance?');
    expect(r.text).toMatch(/400,000/);
  }, 60_000);

  it("names Japan's Labour Standards Inspection Office for unpaid overtime", async () => {
    const r = await ask('di jepang gaji lembur sy gak dibayar, lapor ke kantor mana?');
    expect(r.text).toMatch(/Pengawas Standar Ketenagakerjaan|Roudou Kijun/);
  }, 60_000);
});
