/**
 * Two topics of their own, through the whole bot (composeBot, real Redis): the housing an
 * employer provides (Malaysia's Act 446 minimum standards), and replacing one's own passport
 * abroad, answered by the destination's missions or, where the destination has no such fact,
 * by Indonesia's rule (the nearest embassy or consulate), not by a contract-renewal rule.
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'topic');

describe('housing and passport renewal', () => {
  it("answers a crowded workers' hostel in Malaysia with the minimum housing standards", async () => {
    const r = await ask(
      'hostel kilang kat johor, satu bilik 18 orang tidur atas lantai. ada undang-undang ke pasal ni?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/446/);
  }, 60_000);

  it('sends a worker in Sabah whose passport runs out to the consulate, not to a contract rule', async () => {
    const r = await ask(
      'passport saya akan tamat tempoh bulan depan, saya kerja ladang di Semporna. nak renew kat mana?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Tawau/);
    expect(r.text.split('\n')[0]).not.toMatch(/pemberitahuan|notice/i);
  }, 60_000);

  it("answers passport renewal in a destination without its own fact with Indonesia's rule", async () => {
    const r = await ask('pasporku udah mau expired, aku kerja di doha. gantinya dimana?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/KBRI|KJRI/);
  }, 60_000);
});
