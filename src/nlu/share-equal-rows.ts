/**
 * Keeps each distinct weight row once. A feature met in exactly the same training samples as
 * another (the words and bigrams of one rare example) gets exactly the same updates, so the
 * same float32 weights: of the intent model's 66,800 rows only 28,200 differ, of the category
 * model's 48,900 only 19,200. Scores are sums of the same numbers in the same order, so they
 * are bit for bit those of the full matrices; the weights take 3.7 MB instead of 9, and the
 * cache file stores them so (model-cache.ts).
 */
import type { LinearModel } from './linear-model.js';

/**
 * The models (which share one `rows` table and have no `rowOf` yet) with their equal rows kept
 * once: rows are equal when they are equal in every model, so one `rowOf` serves them all.
 */
export function shareEqualRows(models: readonly LinearModel[]): LinearModel[] {
  const first = models[0];
  if (!first || models.some((m) => m.rows !== first.rows || m.rowOf)) return [...models];
  const n = first.rows.size;
  // Rows compared as their bits: -0 and 0 (or two NaNs) must not be merged or split by value.
  const bits = models.map((m) => new Uint32Array(m.W.buffer, m.W.byteOffset, m.W.length));
  const widths = models.map((m) => m.labels.length);
  const equal = (a: number, b: number) =>
    bits.every((w, i) => {
      const K = widths[i] as number;
      for (let k = 0; k < K; k++) if (w[a * K + k] !== w[b * K + k]) return false;
      return true;
    });
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  /** first row of each distinct kind + 1; 0 is empty. */
  const slots = new Int32Array(capacity);
  const rowOf = new Int32Array(n);
  const kept: number[] = [];
  for (let r = 0; r < n; r++) {
    let h = 0x811c9dc5;
    bits.forEach((w, i) => {
      const K = widths[i] as number;
      for (let k = 0; k < K; k++) h = Math.imul(h ^ (w[r * K + k] as number), 0x01000193);
    });
    let s = (h >>> 0) & mask;
    for (;;) {
      const slot = slots[s] as number;
      if (slot === 0) {
        slots[s] = r + 1;
        rowOf[r] = kept.length;
        kept.push(r);
        break;
      }
      if (equal(slot - 1, r)) {
        rowOf[r] = rowOf[slot - 1] as number;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  if (kept.length === n) return [...models];
  return models.map((m) => {
    const K = m.labels.length;
    const W = new Float32Array(kept.length * K);
    for (let i = 0; i < kept.length; i++) {
      const r = kept[i] as number;
      W.set(m.W.subarray(r * K, r * K + K), i * K);
    }
    return { ...m, W, rowOf };
  });
}
