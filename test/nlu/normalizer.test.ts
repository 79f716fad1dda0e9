import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { realNlu } from './nlu-fixture.js';

const nlu = realNlu();
const norm = (t: string) => nlu.normalize(t);

describe('normalize', () => {
  it('maps chat abbreviations and slang to standard words', () => {
    expect(norm('gmn klo sy blm dpt gaji?')).toBe('bagaimana kalau saya belum dapat gaji');
    expect(norm('udh 3 bln kak, tlg bgt')).toBe('sudah 3 bulan kakak tolong sangat');
    expect(norm('min, yg resmi dmn?')).toBe('admin yang resmi di mana');
    expect(norm('lapor kmana ya')).toBe('lapor ke mana iya');
  });

  it('reads "mati" idioms as the intensifiers they are', () => {
    expect(norm('capek setengah mati')).toBe('capek sekali');
    expect(norm('hampir mati ketawa')).toBe('hampir tertawa sekali');
    expect(norm('di asrama bisa mati bosen')).toBe('di asrama bisa bosan sekali');
  });

  it('keeps every negation as a standard word', () => {
    for (const [raw, neg] of [
      ['gk dibayar', 'tidak'],
      ['gak jelas', 'tidak'],
      ['nggak boleh', 'tidak'],
      ['ndak ada', 'tidak'],
      ['bkn mau lapor', 'bukan'],
      ['blm pulang', 'belum'],
      ['jgn disimpan', 'jangan'],
      ['ora dibayar', 'tidak'],
      ['teu acan', 'belum'],
      ['tidak', 'tidak'],
    ]) {
      expect(norm(raw as string).split(' ')).toContain(neg);
    }
  });

  it('collapses stretched letters without breaking real double letters', () => {
    expect(norm('tolooooong kakkk')).toBe('tolong kakak');
    expect(norm('pagiii minn')).toBe('pagi admin');
    expect(norm('maaf')).toBe('maaf');
  });

  it('maps Javanese and Sundanese words only when they are not Indonesian already', () => {
    expect(norm('aku ora iso mulih')).toBe('saya tidak bisa pulang');
    expect(norm('abdi hoyong uih')).toBe('saya ingin pulang');
    expect(norm('wis telung sasi')).toBe('sudah tiga bulan');
    // "lembur" is Indonesian (overtime), not Sundanese "village".
    expect(norm('lembur tidak dibayar')).toBe('lembur tidak dibayar');
  });

  it('fixes a dropped letter but not a real word it does not know', () => {
    expect(norm('sy dipukl')).toBe('saya dipukul');
    expect(norm('lapar')).toBe('lapar');
  });

  it('removes zero-width, control and right-to-left override characters', () => {
    expect(norm('to\u200Blong\u200D kak')).toBe('tolong kakak');
    expect(norm('gaji\u202E belum\u0007 dibayar')).toBe('gaji belum dibayar');
    expect(norm('\uFEFFhalo\u2066')).toBe('halo');
  });

  it('drops emoji and punctuation; emoji-only and empty input give an empty string', () => {
    expect(norm('makasih 🙏🙏!!')).toBe('terima kasih');
    expect(norm('😭😭😭')).toBe('');
    expect(norm('')).toBe('');
    expect(norm('   ...   ')).toBe('');
  });

  it('reads "pukul 5" as a time, not a blow', () => {
    expect(norm('kerja dari pukul 5 pagi')).toBe('kerja dari jam 5 pagi');
    expect(norm('majikan pukul saya')).toBe('majikan pukul saya');
  });

  it('handles a 50 KB message in linear time and without throwing', () => {
    const big = 'gk dibayar 😭 \u200B '.repeat(3500).slice(0, 50_000);
    const start = performance.now();
    const out = norm(big);
    const result = nlu.classify(big);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(out.startsWith('tidak dibayar tidak dibayar')).toBe(true);
    expect(result.intent === null || typeof result.intent === 'string').toBe(true);
  });

  it('does not crash on binary-looking and lone-surrogate input', () => {
    expect(() => nlu.classify('\u0000\u0001\uD800abc\uDFFF\u0002')).not.toThrow();
    expect(norm('\u0000\u0001\uD800abc\uDFFF')).toBe('abc');
  });
});
