/**
 * Yes or no on a claim or a rule, through the whole bot (composeBot, real Redis): a prohibition
 * stated inside the claim confirms a rule of "no"; words of two sentences never decide the
 * verdict together.
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'verdict');

describe('verdicts on claims and rules', () => {
  it('confirms a claim that the employer may not hold the passport', async () => {
    const r = await ask('temen bilang di kuwait paspor PRT itu dipegang sendiri, majikan dilarang nahan. betul?');
    expect(r.text).not.toMatch(/^\W*(tidak|bukan)\b/i);
  }, 60_000);

  it('gives no plain "yes" to less than the rule gives ("only 8 hours" of a weekly day off)', async () => {
    const r = await ask('di hongkong day off ku cuma 8 jam tiap minggu, sisanya disuruh kerja. boleh gitu?');
    expect(r.text).not.toMatch(/^\W*(ya|yes|boleh)\b/i);
    expect(r.text).toMatch(/24 jam/);
  }, 60_000);

  it('confirms that placement is free for a job the rule exempts', async () => {
    const r = await ask('katanya jadi ABK kapal ikan ke luar negeri itu gratis biaya penempatannya, betul gak?');
    expect(r.text).not.toMatch(/^\W*(tidak|bukan|no)\b/i);
  }, 60_000);

  it("confirms Saudi Arabia's rule that a maid's wages go through a bank or Musaned", async () => {
    const r = await ask('kabarnya gaji pembantu di saudi sekarang harus ditransfer lewat rekening bank ya?');
    expect(r.text).toMatch(/^\W*(ya|yes)\b/i);
  }, 60_000);

  it('gives no "yes" from a phrase that joins two sentences', async () => {
    const r = await ask(
      'my employer in Singapore wants me to work at her sister house on sundays too, different address. im 2nd contract now. allowed?',
    );
    expect(r.text).not.toMatch(/^\W*(yes|ya)\b/i);
  }, 60_000);
});
