import { describe, expect, it } from 'vitest';
import { createFeatureTable } from '../../src/nlu/feature-table.js';
import { type LinearModel, logits } from '../../src/nlu/linear-model.js';
import { shareEqualRows } from '../../src/nlu/share-equal-rows.js';

const rows = createFeatureTable(['a', 'b', 'c', 'd', 'e']);
// Rows b and d are equal in both models; c equals a in the first model only; e has -0 where a has 0.
const first: LinearModel = {
  labels: ['x', 'y'],
  rows,
  W: Float32Array.from([0.5, 0, 1.25, -2, 0.5, 0, 1.25, -2, 0.5, -0]),
  bias: Float64Array.from([0.1, -0.1]),
};
const second: LinearModel = {
  labels: ['p', 'q', 'r'],
  rows,
  W: Float32Array.from([1, 2, 3, 4, 5, 6, 9, 9, 9, 4, 5, 6, 1, 2, 3]),
  bias: Float64Array.from([0, 0, 0]),
};

describe('shareEqualRows', () => {
  const [a, b] = shareEqualRows([first, second]) as [LinearModel, LinearModel];

  it('keeps the rows equal in every model once, with one map for all', () => {
    expect(a.rowOf).toBe(b.rowOf);
    expect([...(a.rowOf ?? [])]).toEqual([0, 1, 2, 1, 3]);
    expect(a.W.length).toBe(4 * 2);
    expect(b.W.length).toBe(4 * 3);
  });

  it('scores exactly as the full matrices', () => {
    const x = new Map([
      ['a', 0.3],
      ['b', 0.7],
      ['d', 0.11],
      ['e', 0.9],
      ['zz', 1],
    ]);
    expect(logits(a, x)).toEqual(logits(first, x));
    expect(logits(b, x)).toEqual(logits(second, x));
  });

  it('leaves models with distinct rows, or separate tables, as they are', () => {
    const distinct = { ...second, W: Float32Array.from({ length: 15 }, (_, i) => i) };
    expect(shareEqualRows([distinct])[0]).toBe(distinct);
    const other = { ...second, rows: createFeatureTable(['a', 'b', 'c', 'd', 'e']) };
    expect(shareEqualRows([first, other])).toEqual([first, other]);
  });
});
