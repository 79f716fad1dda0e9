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
import { clauseWords } from './text-clean.js';

/**
 * The words of the examples and phrases with their counts: the speller learns from them, and
 * the normaliser leaves them alone. Learnt from the data, cached with the models (model-cache.ts).
 */
export interface Vocabulary {
  counts: [string, number][];
}

export interface TextPipeline {
  /** What this pipeline learnt from the data, for the cache. */
  vocabulary: Vocabulary;
  normalizer: Normalizer;
  stem: Stemmer;
  tokens(text: string): string[];
  stems(text: string): string[];
  /** Tokens and their stems, for the phrase matcher. */
  doc(text: string): Doc;
  /**
   * Tokens and stems of a pattern's word (what `compilePattern` reads), remembered: the
   * editors' thousands of phrases repeat a few thousand words, and normalising each word
   * again was a fifth of start-up. For data only; messages go through `doc`.
   */
  phraseDoc(text: string): Doc;
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

export function createTextPipeline(model: NluModel, learnt?: Vocabulary): TextPipeline {
  const base = createNormalizer(model.lexicon);
  const vocabulary = learnt ?? learnVocabulary(model, base);
  const frequency = new Map<string, number>();
  for (const w of base.indonesian) frequency.set(w, 1);
  for (const [w, n] of vocabulary.counts) frequency.set(w, (frequency.get(w) ?? 0) + n);
  const known = new Set<string>(vocabulary.counts.map(([w]) => w));
  // Common English words stay as they are: Indonesian affix and regional rules would turn
  // "take" into "tidak" (tak + -e) and "took" into "saja" (Javanese tok).
  for (const w of model.lexicon.english) known.add(w);
  const normalizer = createNormalizer(model.lexicon, createSpeller(frequency), known);
  const indonesianStem = createStemmer(normalizer.indonesian, new Set(model.lexicon.idWords));
  const english = new Set(model.lexicon.english);
  const stem: Stemmer = (t) => (english.has(t) && !normalizer.indonesian.has(t) ? t : indonesianStem(t));
  const tokens = (text: string) => normalizer.tokens(text);
  const doc = (text: string): Doc => {
    const { tokens: t, clauses } = normalizer.clausesOf(clauseWords(text));
    return indexDoc(t, t.map(stem), clauses);
  };
  const phraseDocs = new Map<string, Doc>();
  const phraseDoc = (text: string): Doc => {
    let d = phraseDocs.get(text);
    if (!d) {
      const t = tokens(text);
      d = { tokens: t, stems: t.map(stem) };
      phraseDocs.set(text, d);
    }
    return d;
  };
  return { vocabulary, normalizer, stem, tokens, stems: (text) => tokens(text).map(stem), doc, phraseDoc };
}

/** Normalises every example and phrase once (a fifth of start-up when not cached). */
function learnVocabulary(model: NluModel, base: Normalizer): Vocabulary {
  const counts = new Map<string, number>();
  for (const text of [...exampleTexts(model), ...phraseTexts(model)]) {
    for (const t of base.tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return { counts: [...counts] };
}
