import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EvalFileError, evaluate, parseEvalLines } from '../../src/nlu/eval-metrics.js';
import { FRESH_SET, HOLDOUT_SET, realNlu } from './nlu-fixture.js';

const nlu = realNlu();
const score = (file: string) => evaluate(parseEvalLines(readFileSync(file, 'utf8'), file), (t) => nlu.classify(t));

// Targets of issue 3 (a regression below them fails CI). The shared dev set is scored by
// test/nlu/dev-set.test.ts scores the copy of the team's dev set in test/fixtures.
describe('evaluation sets', () => {
  it('our held-out set (written before tuning): same targets', () => {
    const r = score(HOLDOUT_SET);
    expect(r.n).toBe(200);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.92);
    expect(r.faqMinRecall).toBeGreaterThanOrEqual(0.9);
    expect(r.emergencyRecall).toBe(1);
    expect(r.outOfScopePrecision).toBeGreaterThanOrEqual(0.9);
  });

  it('the fresh set: 100% emergency recall and >= 90% overall', () => {
    const r = score(FRESH_SET);
    expect(r.emergencyRecall).toBe(1);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('eval file parsing', () => {
  it('reports bad lines with their number', () => {
    const bad = '{"text":"a","intent":"menu"}\nnot json\n{"text":"b","intent":"nope"}\n';
    expect(() => parseEvalLines(bad, 'x.jsonl')).toThrow(EvalFileError);
    try {
      parseEvalLines(bad, 'x.jsonl');
    } catch (e) {
      expect((e as EvalFileError).problems).toEqual([
        'x.jsonl:2: not valid JSON',
        expect.stringMatching(/^x\.jsonl:3: .* at intent$/),
      ]);
    }
  });

  it('refuses an empty file', () => {
    expect(() => parseEvalLines('\n\n', 'empty.jsonl')).toThrow(/no lines/);
  });

  it('counts a null intent as out_of_scope and computes the metrics', () => {
    const lines = parseEvalLines(
      '{"text":"x","intent":"out_of_scope"}\n{"text":"y","intent":"emergency","category":"other"}\n',
      'm.jsonl',
    );
    const r = evaluate(lines, (t) => ({
      intent: t === 'x' ? null : 'emergency',
      confidence: 0.1,
      ranked: [],
      entities: { category: 'violence' },
      normalized: t,
    }));
    expect(r).toMatchObject({ n: 2, accuracy: 1, emergencyRecall: 1, outOfScopePrecision: 1, categoryAccuracy: 0 });
  });
});
