import { describe, expect, it } from 'vitest';
import { createFeatureSubset, createFeatureTable, featureNames, sameFeatures } from '../../src/nlu/feature-table.js';

describe('feature table', () => {
  const names = ['u:gaji', 'b:gaji_telat', '#q', 'p:majik', 'u:majikan', 'u:é', 'n:ada', 'u:gaj'];
  const table = createFeatureTable(names);

  it('finds every name at its row, like the map it replaces', () => {
    expect(table.size).toBe(names.length);
    names.forEach((n, row) => {
      expect(table.row(n)).toBe(row);
      expect(table.name(row)).toBe(n);
    });
    expect(featureNames(table)).toEqual(names);
  });

  it('tells apart names that are prefixes of others, and misses unknown ones', () => {
    for (const n of ['u:ga', 'u:gaji_', 'u:gajii', '', '#', 'u:majika', 'x']) expect(table.row(n)).toBe(-1);
  });

  it('holds many names without losing one', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `u:${i.toString(36)}`);
    const big = createFeatureTable(many);
    for (let i = 0; i < many.length; i += 7) expect(big.row(many[i] as string)).toBe(i);
    expect(big.row('u:nope!')).toBe(-1);
  });

  it('gives a subset of the names rows of its own, through the larger table', () => {
    const some = ['u:majikan', '#q', 'u:gaji'];
    const subset = createFeatureSubset(table, some);
    expect(subset).not.toBeNull();
    if (!subset) return;
    expect(subset.size).toBe(3);
    some.forEach((n, row) => {
      expect(subset.row(n)).toBe(row);
      expect(subset.name(row)).toBe(n);
    });
    expect(subset.row('b:gaji_telat')).toBe(-1);
    expect(subset.row('u:nope')).toBe(-1);
    expect(sameFeatures(subset, createFeatureTable(some))).toBe(true);
    expect(createFeatureSubset(table, ['u:gaji', 'u:nope'])).toBeNull();
  });

  it('compares tables by names and rows', () => {
    expect(sameFeatures(table, createFeatureTable([...names]))).toBe(true);
    expect(sameFeatures(table, createFeatureTable([...names].reverse()))).toBe(false);
    expect(createFeatureTable([]).row('u:gaji')).toBe(-1);
  });
});
