/**
 * Multinomial logistic regression over sparse features, trained at start-up from the
 * examples in flows/intents/*.yaml. Deterministic: a fixed seed orders the samples, so the
 * same files always give the same model.
 */

export type FeatureVector = Map<string, number>;

export interface LinearModel {
  readonly labels: readonly string[];
  readonly weights: ReadonlyMap<string, Float64Array>;
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
  for (const [f, v] of x) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) + (w[k] as number) * v;
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
  const index = new Map(labels.map((l, i) => [l, i]));
  const weights = new Map<string, Float64Array>();
  const bias = new Float64Array(labels.length);
  const model: LinearModel = { labels, weights, bias };
  for (const s of samples) {
    for (const f of s.x.keys()) if (!weights.has(f)) weights.set(f, new Float64Array(labels.length));
  }
  const order = samples.map((_, i) => i);
  const random = mulberry32(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = options.learningRate / (1 + epoch * 0.15);
    for (const i of order) {
      const s = samples[i] as { x: FeatureVector; label: string };
      const y = index.get(s.label);
      if (y === undefined) continue;
      const p = softmax(logits(model, s.x));
      for (let k = 0; k < labels.length; k++) {
        const g = (p[k] as number) - (k === y ? 1 : 0);
        bias[k] = (bias[k] as number) - lr * g * 0.1;
        for (const [f, v] of s.x) {
          const w = weights.get(f) as Float64Array;
          w[k] = (w[k] as number) - lr * (g * v + options.l2 * (w[k] as number));
        }
      }
    }
  }
  return model;
}
