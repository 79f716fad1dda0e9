/**
 * `npx tsx bench/nlu-crossval.ts [--extra FILE.jsonl]`
 * Leave-one-file-out cross-validation of the understanding over data/training/*.jsonl: each
 * training file is held out in turn, the model is trained on the others (plus the intent
 * files' examples) and scored on it. A development tool for choosing features and settings
 * without touching any evaluation set; the figures that count are first runs on blind sets.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createNlu } from '../src/nlu/create-nlu.js';
import { evaluate, parseEvalLines } from '../src/nlu/eval-metrics.js';
import { loadNluModel } from '../src/nlu/load-nlu-model.js';
import { trainingFiles } from '../src/nlu/training-data.js';

const model = loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' });
const files = trainingFiles('data/training');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`.padStart(6);
let n = 0;
let ok = 0;
let em = 0;
let emHit = 0;
let emPred = 0;
let missedChecked = 0;
let missed = 0;
let othersChecked = 0;
let others = 0;
for (const file of files) {
  const held = parseEvalLines(readFileSync(file, 'utf8'), file);
  const heldTexts = new Set(held.map((l) => l.text));
  const nlu = createNlu({ ...model, training: (model.training ?? []).filter((l) => !heldTexts.has(l.text)) });
  const r = evaluate(held, (t) => nlu.classify(t));
  for (const l of held) {
    const c = nlu.classify(l.text);
    if (l.intent === 'emergency' && c.intent !== 'emergency') {
      missed++;
      if (c.safetyCheck) missedChecked++;
    } else if (l.intent !== 'emergency' && c.intent !== 'emergency') {
      others++;
      if (c.safetyCheck) othersChecked++;
    }
  }
  const e = r.perIntent.emergency;
  n += r.n;
  ok += Math.round(r.accuracy * r.n);
  em += e?.support ?? 0;
  emHit += Math.round((e?.recall ?? 0) * (e?.support ?? 0));
  emPred += e?.predicted ?? 0;
  console.log(
    `${basename(file).padEnd(28)} n ${String(r.n).padStart(4)}  accuracy ${pct(r.accuracy)}  emergency recall ${pct(r.emergencyRecall)}  precision ${pct(r.emergencyPrecision)}  category ${pct(r.categoryAccuracy)}`,
  );
}
console.log(
  `missed emergencies asked the safety check: ${missedChecked}/${missed}; other messages asked it: ${othersChecked}/${others}`,
);
console.log(
  `${'all'.padEnd(28)} n ${String(n).padStart(4)}  accuracy ${pct(ok / n)}  emergency recall ${pct(emHit / em)}  precision ${pct(emHit / emPred)}`,
);
