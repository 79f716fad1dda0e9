/**
 * `npm run bench:nlu` — latency of `classify` over the dev set (or a file given as the
 * first argument): model build time, then p50/p99/max per message over several rounds,
 * plus one 50 KB message. The engine calls classify on every message: target p99 < 0.5 ms.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createNlu } from '../src/nlu/create-nlu.js';
import { parseEvalLines } from '../src/nlu/eval-metrics.js';
import { loadNluModel } from '../src/nlu/load-nlu-model.js';

const file = process.argv[2] ?? 'test/fixtures/intents-dev.jsonl';
const ROUNDS = 20;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
const ms = (v: number) => `${v.toFixed(3)} ms`;

const t0 = performance.now();
const model = loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' });
const t1 = performance.now();
// No memo of repeated texts: the rounds below measure the understanding itself.
const nlu = createNlu(model, { cacheSize: 0 });
const t2 = performance.now();
const texts = parseEvalLines(readFileSync(file, 'utf8'), file).map((l) => l.text);

// Warm-up: JIT and the stemmer's memo, as in a running bot.
for (const t of texts) nlu.classify(t);
const samples: number[] = [];
const perMessage: number[][] = texts.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  texts.forEach((t, i) => {
    const s = performance.now();
    nlu.classify(t);
    const d = performance.now() - s;
    samples.push(d);
    perMessage[i]?.push(d);
  });
}
samples.sort((a, b) => a - b);
// The median of each message's rounds: its own cost without scheduler and GC noise
// (this 2-core machine is shared; single samples include other processes' time slices).
const typical = perMessage
  .map((list) =>
    quantile(
      [...list].sort((a, b) => a - b),
      0.5,
    ),
  )
  .sort((a, b) => a - b);
const cold = createNlu(model);
const coldSamples = texts.map((t) => {
  const s = performance.now();
  cold.classify(t);
  return performance.now() - s;
});
coldSamples.sort((a, b) => a - b);

const big = 'gaji saya belum dibayar majikan tolong '.repeat(1400).slice(0, 50_000);
const sb = performance.now();
nlu.classify(big);
const bigClassify = performance.now() - sb;
const sn = performance.now();
nlu.normalize(big);
const bigNormalize = performance.now() - sn;

const out = (s: string) => process.stdout.write(`${s}\n`);
out(`file: ${file} (${texts.length} messages x ${ROUNDS} rounds)`);
out(`load files: ${ms(t1 - t0)}; build (train classifiers): ${ms(t2 - t1)}`);
out(
  `classify, warm, all samples: p50 ${ms(quantile(samples, 0.5))}  p99 ${ms(quantile(samples, 0.99))}  max ${ms(samples.at(-1) ?? 0)}`,
);
out(
  `classify, warm, per-message median: p50 ${ms(quantile(typical, 0.5))}  p99 ${ms(quantile(typical, 0.99))}  max ${ms(typical.at(-1) ?? 0)}`,
);
out(
  `slowest/median message cost ratio: ${((typical.at(-1) ?? 0) / Math.max(1e-9, quantile(typical, 0.5))).toFixed(1)}x`,
);
out(
  `classify, first pass of a new instance: p50 ${ms(quantile(coldSamples, 0.5))}  p99 ${ms(quantile(coldSamples, 0.99))}`,
);
out(`50 KB message: classify ${ms(bigClassify)} (first 4000 chars), normalize ${ms(bigNormalize)}`);
out(`target p99 < 0.5 ms (per-message median): ${quantile(typical, 0.99) < 0.5 ? 'met' : 'NOT met'}`);
