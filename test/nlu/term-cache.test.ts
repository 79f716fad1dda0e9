import { readFileSync } from 'node:fs';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadFaqContent } from '../../src/content/faq-content.js';
import { cacheQueryTerms } from '../../src/nlu/term-cache.js';
import { HOLDOUT_SET, realNlu } from './nlu-fixture.js';

const nlu = realNlu();
const { answers } = loadFaqContent({ contentDir: 'flows/content', localesDir: 'locales' });
const docs = answers.flatMap((a) => [
  ...a.questions.map((q, i) => ({ key: `${a.id}#q${i}`, answer: a.id, text: q, title: '' })),
  { key: `${a.id}#body`, answer: a.id, text: a.idText, title: `${a.idTitle} ${a.keywords.join(' ')}` },
]);
const build = () => {
  const index = new MiniSearch<(typeof docs)[number]>({
    idField: 'key',
    fields: ['text', 'title'],
    storeFields: ['answer'],
    tokenize: (text) => nlu.stems?.(text) ?? [],
    processTerm: (term) => term,
  });
  index.addAll(docs);
  return index;
};
const queries = [
  ...readFileSync(HOLDOUT_SET, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).text as string),
  ...answers.flatMap((a) => a.questions.slice(0, 2)),
];
const optionSets: SearchOptions[] = [
  { fuzzy: (t) => (t.length >= 6 ? 0.2 : false), prefix: (t) => t.length >= 5, combineWith: 'OR' },
  { boost: { title: 2 }, fuzzy: 0.2, weights: { fuzzy: 0.3, prefix: 0.5 }, combineWith: 'OR' },
  { combineWith: 'AND', prefix: true },
];

describe('cacheQueryTerms', () => {
  it('gives exactly the results of a plain index, also when the terms come again', () => {
    const plain = build();
    const cached = build();
    expect(cacheQueryTerms(cached, 500)).toBe(true);
    let compared = 0;
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        for (const options of optionSets) {
          const expected = plain.search(q, options);
          const got = cached.search(q, options);
          expect(got).toEqual(expected);
          compared += expected.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // Thousands of searches, twice: a budget for a busy machine, not a speed check.
  }, 120_000);

  it('keeps its results apart from what a search does with them', () => {
    const cached = build();
    cacheQueryTerms(cached, 500);
    const first = cached.search('biaya paspor taiwan', optionSets[0]);
    const top = first[0];
    if (top) {
      top.score = -1;
      top.terms.push('x');
      top.queryTerms.push('x');
      top.match.x = ['text'];
    }
    expect(cached.search('biaya paspor taiwan', optionSets[0])).toEqual(
      build().search('biaya paspor taiwan', optionSets[0]),
    );
  });
});
