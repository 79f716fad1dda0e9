/**
 * Training of the two linear classifiers (intent, complaint category) from the examples,
 * and the hand-written cue boosts that content editors add on top of what was learnt.
 */

import { createFeatureSubset, featureNames, sameFeatures } from './feature-table.js';
import { type FeatureSpace, featurize, type Signals } from './features.js';
import { DEFAULT_TRAIN, type LinearModel, logits, trainSoftmax } from './linear-model.js';
import type { IntentSpec, NluModel } from './nlu-model.js';
import { CATEGORIES, INTENTS } from './nlu-model.js';
import { compilePattern, type Doc, PatternIndex } from './phrase-matcher.js';
import { shareEqualRows } from './share-equal-rows.js';
import type { TextPipeline } from './text-pipeline.js';

export type SignalsOf = (text: string, tokens: readonly string[]) => Signals;

/** What training learns from the examples (and what the model cache keeps). */
export interface LearnedModels {
  space: FeatureSpace;
  intent: LinearModel;
  category: LinearModel;
  /** Emergency or not, trained on every example: a second, focused opinion on danger. */
  urgent: LinearModel;
}

export interface Classifiers extends LearnedModels {
  /** Adds the cue weights of the intents (or categories) whose phrases occur. */
  boostIntents(doc: Doc, z: Float64Array): void;
  boostCategories(doc: Doc, z: Float64Array): void;
}

const MAX_CUE_BOOST = 4;

/** Function words that say nothing about the domain, even when examples use them. */
const GENERIC = new Set(
  (
    'saya kamu kami kita dia mereka ini itu yang di ke dari dan atau tidak bukan belum jangan sudah akan mau ingin ' +
    'bisa boleh apa apakah bagaimana berapa kapan mana siapa kenapa kalau tapi juga saja sangat lagi ada adalah untuk ' +
    'dengan sama pada karena jadi kakak admin tolong terima kasih halo selamat pagi siang sore malam hari bulan tahun ' +
    'orang baik bagus sih dong ya kok deh nya harus tahu minta buat pakai cara beri lihat sekarang tadi besok kemarin'
  ).split(' '),
);

function examplesOf(spec: IntentSpec) {
  return spec.examples.map((e) => (typeof e === 'string' ? { text: e } : e));
}

/** The expensive part: the feature space and the three linear models, from every example. */
export function learnModels(model: NluModel, pipe: TextPipeline, signalsOf: SignalsOf): LearnedModels {
  const negators = new Set(model.emergency.negators.flatMap((n) => pipe.stems(n)));
  const fromFiles = model.intents.flatMap((spec) =>
    examplesOf(spec).map((e) => ({
      intent: spec.id,
      category: 'category' in e ? e.category : undefined,
      text: e.text,
    })),
  );
  const prepared = [...fromFiles, ...(model.training ?? [])].map((e) => ({
    intent: e.intent,
    category: e.category,
    text: e.text,
    tokens: pipe.tokens(e.text),
  }));

  const inScope = new Set<string>();
  const outOfScope = new Set<string>();
  for (const p of prepared) {
    const target = p.intent === 'out_of_scope' ? outOfScope : inScope;
    for (const t of p.tokens) target.add(pipe.stem(t));
  }
  const domain = new Set([...inScope].filter((s) => !outOfScope.has(s) && !GENERIC.has(s) && !/^\d+$/.test(s)));
  const space: FeatureSpace = { domain, negators };

  const samples = prepared.map((p) => ({
    ...p,
    x: featurize(p.tokens.map(pipe.stem), signalsOf(p.text, p.tokens), space),
  }));
  const intent = trainSoftmax(
    samples.map((s) => ({ x: s.x, label: s.intent })),
    INTENTS,
    DEFAULT_TRAIN,
  );
  const category = trainSoftmax(
    samples.filter((s) => s.category).map((s) => ({ x: s.x, label: s.category as string })),
    CATEGORIES,
    DEFAULT_TRAIN,
  );

  const urgent = trainSoftmax(
    samples.map((s) => ({ x: s.x, label: s.intent === 'emergency' ? 'emergency' : 'other' })),
    ['emergency', 'other'],
    DEFAULT_TRAIN,
  );
  // Learnt from the same samples as intent, so the same feature rows: one table for both, as when
  // they are read from the cache.
  const shared = sameFeatures(intent.rows, urgent.rows) ? { ...urgent, rows: intent.rows } : urgent;
  const categoryRows = createFeatureSubset(intent.rows, featureNames(category.rows));
  // Equal weight rows kept once, as when the models are read from the cache.
  const [intentKept, urgentKept] = shareEqualRows([intent, shared]) as [LinearModel, LinearModel];
  const [categoryKept] = shareEqualRows([categoryRows ? { ...category, rows: categoryRows } : category]) as [
    LinearModel,
  ];
  return { space, intent: intentKept, category: categoryKept, urgent: urgentKept };
}

/** The learnt models with the editors' cue boosts on top (cheap: compiled at every start). */
export function withCues(learned: LearnedModels, model: NluModel, pipe: TextPipeline): Classifiers {
  const intentCues = new PatternIndex<{ k: number; weight: number }>();
  for (const spec of model.intents) {
    const k = INTENTS.indexOf(spec.id);
    for (const [phrase, weight] of Object.entries(spec.cues)) {
      const p = compilePattern(phrase, pipe.phraseDoc);
      if (p) intentCues.add(p, { k, weight });
    }
  }
  const categoryCues = new PatternIndex<{ k: number; weight: number }>();
  for (const spec of model.categories) {
    const k = CATEGORIES.indexOf(spec.id);
    for (const [phrase, weight] of Object.entries(spec.cues)) {
      const p = compilePattern(phrase, pipe.phraseDoc);
      if (p) categoryCues.add(p, { k, weight });
    }
  }
  // Cues are hints on top of what the examples taught: many cues of one intent in a long
  // message must not outvote the classifier, so their positive sum is capped.
  const boost = (index: PatternIndex<{ k: number; weight: number }>) => (doc: Doc, z: Float64Array) => {
    const plus = new Float64Array(z.length);
    for (const hit of index.search(doc)) {
      const { k, weight } = hit.value;
      if (weight < 0) z[k] = (z[k] as number) + weight;
      else plus[k] = (plus[k] as number) + weight;
    }
    for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) + Math.min(MAX_CUE_BOOST, plus[k] as number);
  };
  return { ...learned, boostIntents: boost(intentCues), boostCategories: boost(categoryCues) };
}

export { logits };
