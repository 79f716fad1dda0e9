/**
 * Multinomial logistic regression over sparse features, trained at start-up from the
 * examples in flows/intents/*.yaml. Deterministic: a fixed seed orders the samples, so the
 * same files always give the same model.
 */

import { createFeatureTable, type FeatureTable } from './feature-table.js';

export type FeatureVector = Map<string, number>;

/**
 * One flat weight matrix, a row of `labels.length` weights per feature: one typed array instead
 * of one per feature (182,000 of them cost 17 MB of object headers alone). Models trained on the
 * same features in the same order share their `rows` table.
 */
export interface LinearModel {
  readonly labels: readonly string[];
  /** Feature -> row number in `W` (through `rowOf` when set). */
  readonly rows: FeatureTable;
  /** Row of `rows` -> row of `W`, when features with equal weights share one (see share-equal-rows.ts). */
  readonly rowOf?: Int32Array;
  /**
   * Single precision: half the memory of the largest thing the process holds (18 MB -> 9 MB),
   * and far finer than any decision the scores make. Trained in double, rounded once at the end,
   * so a model read from the cache scores exactly as the one just trained.
   */
  readonly W: Float32Array;
  readonly bias: Float64Array;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 40, learningRate: 0.6, l2: 1e-4, seed: 7 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function logits(model: LinearModel, x: FeatureVector): Float64Array {
  const out = new Float64Array(model.bias);
  const K = out.length;
  const W = model.W;
  const rowOf = model.rowOf;
  for (const [f, v] of x) {
    const row = model.rows.row(f);
    if (row < 0) continue;
    const base = (rowOf ? (rowOf[row] as number) : row) * K;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (W[base + k] as number) * v;
  }
  return out;
}

export function softmax(z: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  const out = new Float64Array(z.length);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] as number) - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

export function trainSoftmax(
  samples: readonly { x: FeatureVector; label: string }[],
  labels: readonly string[],
  options: TrainOptions = DEFAULT_TRAIN,
): LinearModel {
  const K = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  // Features become row numbers of one flat weight matrix, each sample a list of (row, value):
  // the inner loop then touches typed arrays only (the maps cost 10x more per update).
  const rows = new Map<string, number>();
  const encoded: { rows: Int32Array; values: Float64Array; y: number }[] = [];
  for (const s of samples) {
    const y = index.get(s.label);
    if (y === undefined) continue;
    const r = new Int32Array(s.x.size);
    const v = new Float64Array(s.x.size);
    let j = 0;
    for (const [f, value] of s.x) {
      let row = rows.get(f);
      if (row === undefined) {
        row = rows.size;
        rows.set(f, row);
      }
      r[j] = row;
      v[j] = value;
      j++;
    }
    encoded.push({ rows: r, values: v, y });
  }
  const W = new Float64Array(rows.size * K);
  const bias = new Float64Array(K);
  const z = new Float64Array(K);
  const order = encoded.map((_, i) => i);
  const random = mulberry32(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = options.learningRate / (1 + epoch * 0.15);
    for (const i of order) {
      const s = encoded[i] as { rows: Int32Array; values: Float64Array; y: number };
      z.set(bias);
      for (let j = 0; j < s.rows.length; j++) {
        const base = (s.rows[j] as number) * K;
        const v = s.values[j] as number;
        for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (W[base + k] as number) * v;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) if ((z[k] as number) > max) max = z[k] as number;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp((z[k] as number) - max);
        z[k] = e;
        sum += e;
      }
      for (let k = 0; k < K; k++) {
        const g = (z[k] as number) / sum - (k === s.y ? 1 : 0);
        z[k] = g;
        bias[k] = (bias[k] as number) - lr * g * 0.1;
      }
      for (let j = 0; j < s.rows.length; j++) {
        const base = (s.rows[j] as number) * K;
        const v = s.values[j] as number;
        for (let k = 0; k < K; k++) {
          const w = W[base + k] as number;
          W[base + k] = w - lr * ((z[k] as number) * v + options.l2 * w);
        }
      }
    }
  }
  return {
    labels,
    // The training map (and its strings) is left to the collector; the model keeps the compact table.
    rows: createFeatureTable([...rows.keys()]),
    W: Float32Array.from(W),
    bias: Float64Array.from(Float32Array.from(bias)),
  };
}
