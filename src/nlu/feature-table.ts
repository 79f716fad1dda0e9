/**
 * The feature names of a linear model and their row numbers, in a few flat arrays instead of a
 * `Map<string, number>`: the names of the intent and category models were some 115,000 strings
 * and two hash tables, 8 MB of the idle process. Here every name lives in one string, found
 * through an open-addressed table of row numbers: about 2.6 MB for both models.
 */

/** Feature name -> row of the model's weight matrix, in the order the rows were made. */
export interface FeatureTable {
  readonly size: number;
  /** The row of `name`, or -1 when the model has no such feature. */
  row(name: string): number;
  /** The name of row `row` (0 <= row < size). */
  name(row: number): string;
}

/** FNV-1a over the UTF-16 code units of s[start, end): cheap, and it spreads the short "u:gaji" names well. */
function hashOf(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** @param names distinct feature names, in row order. */
export function createFeatureTable(names: readonly string[]): FeatureTable {
  return createFeatureTableFrom(
    names.join(''),
    names.map((n) => n.length),
  );
}

/**
 * The table of the names that follow each other in `text`, `lengths[row]` characters each (as
 * the cache file stores them: no string per name is ever made).
 */
export function createFeatureTableFrom(text: string, lengths: ArrayLike<number>): FeatureTable {
  const size = lengths.length;
  // One flat string, each name ending at ends[row]: 12 bytes a name instead of a string object each.
  const ends = new Int32Array(size);
  // Two thirds full at most, so a lookup that misses stops after a few probes (half full would
  // double the intent table's slots for 66,800 names).
  let capacity = 16;
  while (capacity * 2 < size * 3) capacity *= 2;
  const mask = capacity - 1;
  /** row + 1; 0 is an empty slot. */
  const slots = new Int32Array(capacity);
  let at = 0;
  for (let row = 0; row < size; row++) {
    const start = at;
    at += lengths[row] as number;
    ends[row] = at;
    let i = hashOf(text, start, at) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = row + 1;
  }
  if (at !== text.length) throw new Error('feature names do not fill the text');
  const startOf = (row: number) => (row === 0 ? 0 : (ends[row - 1] as number));
  return {
    size,
    row(name: string): number {
      let i = hashOf(name) & mask;
      for (;;) {
        const slot = slots[i] as number;
        if (slot === 0) return -1;
        const row = slot - 1;
        const start = startOf(row);
        if ((ends[row] as number) - start === name.length && text.startsWith(name, start)) return row;
        i = (i + 1) & mask;
      }
    },
    name: (row: number) => text.slice(startOf(row), ends[row]),
  };
}

/**
 * A table of some of `base`'s names in rows of their own, kept as two arrays of row numbers: the
 * category model learns from the complaint examples only, so its 49,000 names are all intent
 * names too. Null when a name is not in `base`.
 */
export function createFeatureSubset(base: FeatureTable, names: readonly string[]): FeatureTable | null {
  const baseOfRow = new Int32Array(names.length);
  for (let row = 0; row < names.length; row++) {
    const b = base.row(names[row] as string);
    if (b < 0) return null;
    baseOfRow[row] = b;
  }
  return createFeatureSubsetOf(base, baseOfRow);
}

/** The subset whose row r is `base`'s row baseOfRow[r]; null when one is out of range. */
export function createFeatureSubsetOf(base: FeatureTable, baseOfRow: Int32Array): FeatureTable | null {
  const rowOfBase = new Int32Array(base.size).fill(-1);
  for (let row = 0; row < baseOfRow.length; row++) {
    const b = baseOfRow[row] as number;
    if (b < 0 || b >= base.size) return null;
    rowOfBase[b] = row;
  }
  return {
    size: baseOfRow.length,
    row(name: string): number {
      const b = base.row(name);
      return b < 0 ? -1 : (rowOfBase[b] as number);
    },
    name: (row: number) => base.name(baseOfRow[row] as number),
  };
}

/** The names in row order (for the cache file). */
export function featureNames(table: FeatureTable): string[] {
  const out: string[] = new Array(table.size);
  for (let row = 0; row < table.size; row++) out[row] = table.name(row);
  return out;
}

/** Same names in the same rows: models that can share one table. */
export function sameFeatures(a: FeatureTable, b: FeatureTable): boolean {
  if (a.size !== b.size) return false;
  for (let row = 0; row < a.size; row++) if (a.name(row) !== b.name(row)) return false;
  return true;
}
