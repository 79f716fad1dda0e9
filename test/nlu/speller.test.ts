/**
 * The speller corrects one dropped letter and two swapped neighbours, never a substitution,
 * and gives up on a tie. Checked against the deletion index it replaced, on the real vocabulary.
 */
import { describe, expect, it } from 'vitest';
import { loadNluModel } from '../../src/nlu/load-nlu-model.js';
import { createSpeller } from '../../src/nlu/speller.js';
import { createTextPipeline } from '../../src/nlu/text-pipeline.js';

/** The SymSpell-style index the speller used before: one-letter deletions of every word. */
function indexSpeller(frequency: ReadonlyMap<string, number>) {
  const index = new Map<string, string[]>();
  const add = (k: string, w: string) => {
    const l = index.get(k);
    if (!l) index.set(k, [w]);
    else if (!l.includes(w)) l.push(w);
  };
  for (const w of frequency.keys()) {
    if (w.length < 4 || /\d/.test(w)) continue;
    add(w, w);
    for (let i = 0; i < w.length; i++) add(w.slice(0, i) + w.slice(i + 1), w);
  }
  return (token: string): string | null => {
    if (token.length < 5 || /\d/.test(token)) return null;
    const c = new Set<string>();
    for (const w of index.get(token) ?? []) if (w !== token) c.add(w);
    for (let i = 0; i + 1 < token.length; i++) {
      const s = token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2);
      if (s !== token && frequency.has(s)) c.add(s);
    }
    let best: string | null = null;
    let f0 = -1;
    let tie = false;
    for (const w of c) {
      const f = frequency.get(w) ?? 0;
      if (f > f0) {
        best = w;
        f0 = f;
        tie = false;
      } else if (f === f0) tie = true;
    }
    return tie ? null : best;
  };
}

describe('speller', () => {
  it('puts back a dropped letter, swaps neighbours back, and never substitutes', () => {
    const spell = createSpeller(
      new Map([
        ['dipukul', 3],
        ['berdarah', 2],
        ['tolong', 5],
        ['lapor', 4],
      ]),
    );
    expect(spell('dipukl')).toBe('dipukul');
    expect(spell('berdarh')).toBe('berdarah');
    expect(spell('tolnog')).toBe('tolong');
    expect(spell('lapar')).toBeNull();
    expect(spell('abc')).toBeNull();
  });

  it('gives up on a tie between equally common words', () => {
    const spell = createSpeller(
      new Map([
        ['kerjaan', 1],
        ['kerjain', 1],
      ]),
    );
    expect(spell('kerjan')).toBeNull();
  });

  it('corrects exactly as the deletion index did, on typos of the real vocabulary', () => {
    const model = { ...loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }), training: [] };
    const words = createTextPipeline(model).vocabulary.counts;
    const frequency = new Map(words);
    const now = createSpeller(frequency);
    const before = indexSpeller(frequency);
    let checked = 0;
    for (const [w] of words.slice(0, 3000)) {
      if (w.length < 6) continue;
      for (const typo of [w.slice(0, 2) + w.slice(3), w.slice(0, 3) + w[4] + w[3] + w.slice(5), `${w}x`]) {
        expect(now(typo), typo).toBe(before(typo));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });
});
