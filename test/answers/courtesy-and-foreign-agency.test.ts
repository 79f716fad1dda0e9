/**
 * Routing through the whole bot (composeBot, real Redis): a question that ends with thanks is the
 * question; an agency of the destination (no PT or CV) gets the destination's licence rule, an
 * Indonesian company the registry.
 */
import { describe, expect, it } from 'vitest';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const botOf = useComposedBot();

const ask = askerOf(botOf, 'courtesy');

describe('a question closed with thanks', () => {
  it('answers the question, not the thanks', async () => {
    const r = await ask('suwun mbak. nek libur umum nang hongkong setaun piro dino? matur nuwun sanget');
    expect(r.text).toMatch(/\b1[57] (hari|days)/);
  }, 60_000);

  it('still takes plain thanks as thanks', async () => {
    const r = await ask('makasih banyak kak, sudah jelas sekarang 🙏');
    expect(r.text).not.toMatch(/1350|Untuk negara mana/);
  }, 60_000);
});

describe('an agency of the destination', () => {
  it("gives Singapore's licence register for a Singapore agency", async () => {
    const r = await ask('how do i know if a singapore employment agency is licensed?');
    expect(r.text).toMatch(/EA Directory/);
  }, 60_000);

  it('checks an Indonesian company named with its legal form in the registry', async () => {
    const r = await ask('PT Sinar Harapan Bersama buat ke singapore itu agensi resmi berlisensi gak?');
    expect(r.text).not.toMatch(/EA Directory/);
  }, 60_000);
});
