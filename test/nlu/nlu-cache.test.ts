import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFaqContent } from '../../src/content/faq-content.js';
import { createNlu } from '../../src/nlu/create-nlu.js';
import { createFaqSearch } from '../../src/nlu/faq-search.js';
import { loadNluModel } from '../../src/nlu/load-nlu-model.js';
import { HOLDOUT_SET } from './nlu-fixture.js';

// The memo of the understanding and of the FAQ search must change nothing but the cost.
const model = loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' });
const cached = createNlu(model);
const fresh = createNlu(model, { cacheSize: 0 });
const texts = [
  ...readFileSync(HOLDOUT_SET, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).text as string),
  '',
  'ya',
  '1',
  'singapur',
  'ADU-7K3M9Q2P',
  'gaji belum dibayar '.repeat(100),
];

describe('the understanding with its memo', () => {
  it('answers exactly as without it, the first time and every time after', () => {
    for (let round = 0; round < 2; round++) {
      for (const t of texts) {
        expect(cached.classify(t)).toEqual(fresh.classify(t));
        expect(cached.normalize(t)).toBe(fresh.normalize(t));
        expect(cached.matchCountry(t)).toBe(fresh.matchCountry(t));
        expect(cached.stems?.(t)).toEqual(fresh.stems?.(t));
      }
    }
  });

  it('hands out copies: a caller changing a result does not change the next one', () => {
    const text = 'saya mau kerja ke taiwan, berapa biaya?';
    const first = cached.classify(text);
    first.intent = 'changed';
    first.ranked.push({ intent: 'x', score: 1 });
    first.entities.country = 'XX';
    cached.stems?.(text).push('x');
    expect(cached.classify(text)).toEqual(fresh.classify(text));
    expect(cached.stems?.(text)).toEqual(fresh.stems?.(text));
  });
});

describe('the FAQ search with its memo', () => {
  const { answers } = loadFaqContent({ contentDir: 'flows/content', localesDir: 'locales' });
  const search = createFaqSearch(answers, cached);
  const plain = createFaqSearch(answers, fresh, { cache: false });
  const questions = [...texts.slice(0, 80), ...answers.flatMap((a) => a.questions.slice(0, 1))];

  it('finds exactly what it finds without it, per topic and language', () => {
    for (let round = 0; round < 2; round++) {
      for (const q of questions) {
        for (const opts of [{}, { topic: 'faq.costs', lang: 'id' as const }, { lang: 'en' as const }]) {
          expect(search.search(q, opts)).toEqual(plain.search(q, opts));
        }
      }
    }
  });

  it('hands out copies', () => {
    const q = 'berapa biaya penempatan ke taiwan';
    const first = search.search(q);
    first.band = 'low';
    first.results.splice(0, 1);
    expect(search.search(q)).toEqual(plain.search(q));
  });
});
