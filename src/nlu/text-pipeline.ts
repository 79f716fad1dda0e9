/**
 * The shared text pipeline: normaliser (with typo correction learnt from the examples'
 * vocabulary) and stemmer. Intent classification and FAQ search both use it, so a
 * message and the text it is matched against are always processed the same way.
 */
import type { NluModel } from './nlu-model.js';
import { createNormalizer, type Normalizer } from './normalizer.js';
import { type Doc, indexDoc } from './phrase-matcher.js';
import { createSpeller } from './speller.js';
import { createStemmer, type Stemmer } from './stemmer.js';

export interface TextPipeline {
  normalizer: Normalizer;
  stem: Stemmer;
  tokens(text: string): string[];
  stems(text: string): string[];
  /** Tokens and their stems, for the phrase matcher. */
  doc(text: string): Doc;
}

function exampleTexts(model: NluModel): string[] {
  return [
    ...model.intents.flatMap((i) => i.examples.map((e) => (typeof e === 'string' ? e : e.text))),
    ...(model.training ?? []).map((e) => e.text),
  ];
}

/** Every phrase an editor wrote (cues, commands, emergency rules), without pattern syntax. */
function phraseTexts(model: NluModel): string[] {
  const e = model.emergency;
  const phrases = [
    ...model.intents.flatMap((i) => [...Object.keys(i.cues), ...i.commands]),
    ...model.categories.flatMap((c) => Object.keys(c.cues)),
    ...e.hazards.flatMap((h) => [...h.phrases, ...h.with]),
    ...e.suicide,
    ...e.past,
    ...e.present,
    ...e.safe,
    ...e.denial,
    ...e.generalQuestion,
    ...e.hypothetical,
    ...e.fiction,
    ...e.negationBridge,
    ...e.distress,
    ...e.reportedDeath,
    ...e.remains,
    ...e.offer,
    ...e.joke,
    ...e.offerRealised,
    ...e.tiredIdiom.tired,
    ...e.tiredIdiom.light,
    ...e.reporters.family,
    ...e.reporters.other,
  ];
  return phrases.map((p) => p.replace(/\.\.|[*=#]/g, ' '));
}

export function createTextPipeline(model: NluModel): TextPipeline {
  const base = createNormalizer(model.lexicon);
  const frequency = new Map<string, number>();
  for (const w of base.indonesian) frequency.set(w, 1);
  const known = new Set<string>();
  for (const text of [...exampleTexts(model), ...phraseTexts(model)]) {
    for (const t of base.tokens(text)) {
      frequency.set(t, (frequency.get(t) ?? 0) + 1);
      known.add(t);
    }
  }
  // Common English words stay as they are: Indonesian affix and regional rules would turn
  // "take" into "tidak" (tak + -e) and "took" into "saja" (Javanese tok).
  for (const w of model.lexicon.english) known.add(w);
  const normalizer = createNormalizer(model.lexicon, createSpeller(frequency), known);
  const indonesianStem = createStemmer(normalizer.indonesian, new Set(model.lexicon.idWords));
  const english = new Set(model.lexicon.english);
  const stem: Stemmer = (t) => (english.has(t) && !normalizer.indonesian.has(t) ? t : indonesianStem(t));
  const tokens = (text: string) => normalizer.tokens(text);
  const doc = (text: string): Doc => {
    const t = tokens(text);
    return indexDoc(t, t.map(stem));
  };
  return { normalizer, stem, tokens, stems: (text) => tokens(text).map(stem), doc };
}
