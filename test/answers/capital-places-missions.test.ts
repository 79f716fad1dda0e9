/**
 * Through the whole bot (composeBot, real Redis): a place written in capitals that is a chat word
 * in lower case ("KL" is Kuala Lumpur, "kl" is "kalau") names its country, and "where is the
 * embassy?" is answered for a destination whose mission we know no phone number of (Brunei), with
 * its web page, not with a pick list.
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'caps');

describe('capital place names and missions without a number', () => {
  it('reads "KL" in capitals as Malaysia', async () => {
    const r = await ask('sy kerja cleaner hotel KL baru 10 bulan, cuti tahunan dapat brp hari?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Malaysia/);
    expect(r.text).toMatch(/\b8 hari/);
  }, 60_000);

  it('does not read lower-case "kl" (kalau) as Malaysia', async () => {
    const r = await ask('kl cuti tahunan brp hari ya?');
    expect(r.text).not.toMatch(/Malaysia/);
  }, 60_000);

  it("answers where Indonesia's embassy in Brunei is", async () => {
    const r = await ask('alamat KBRI di Brunei dimana ya kak?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Bandar Seri Begawan/);
  }, 60_000);
});
