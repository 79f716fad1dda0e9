/**
 * Ranked search over the safe-migration answers (MiniSearch, BM25+), with the same
 * normaliser and stemmer as the intent understanding, so "gmn cara bikin paspor" finds
 * an answer written "Bagaimana membuat paspor". Each example question is its own small
 * document (a near-paraphrase scores high); each answer also has one document with its
 * title, keywords and text. An answer's score is its best document's.
 *
 * Bands (calibrated by test/nlu/faq-search.test.ts, see docs/intents.md):
 *   high   answer directly (then offer related topics);
 *   middle offer the top three as choices;
 *   low    say so honestly and offer the menu or a person.
 */
import MiniSearch from 'minisearch';
import type { Nlu } from './nlu-types.js';

export type FaqBand = 'high' | 'middle' | 'low';

export interface SearchableAnswer {
  id: string;
  topic: string;
  questions: readonly string[];
  keywords: readonly string[];
  idTitle: string;
  idText: string;
  enTitle?: string;
  enText?: string;
  country?: string;
}

export interface FaqSearchResult {
  band: FaqBand;
  /** Best first, at most 3; `score` 0..1 (the top answer's share of the query's words it covers). */
  results: { id: string; score: number }[];
  /** How far ahead the top answer is (BM25 ratio to the second); for calibration and logs. */
  lead?: number;
  /** Share of the query's words the top answer covers. */
  cover?: number;
}

export interface FaqSearch {
  search(text: string, opts?: { topic?: string; lang?: 'id' | 'en' }): FaqSearchResult;
}

/**
 * high: the top answer covers >= 50% of the query's words (at least 2 of them) and its BM25
 * score is >= 1.5x the second's; middle: it covers >= 30%; else low. Measured by
 * leave-one-out over the answers' own questions (test/nlu/faq-search.test.ts): about 60%
 * of questions land in high with ~93% top-1 precision, ~1% in low.
 */
export const FAQ_BANDS = { high: 0.5, highLead: 1.5, highMinWords: 2, middle: 0.3 } as const;

const MAX_QUERY_CHARS = 1000;
// Mild priors: a strong topic prior hurt top-1 in leave-one-out (content topics and intents overlap).
const TOPIC_WEIGHT = 0.3;
const COUNTRY_MATCH = 1.5;
const COUNTRY_OTHER = 0.6;
const OFF_TOPIC_CONFIDENCE = 0.6;
const MAX_RESULTS = 3;
// Words that say nothing about which answer is meant.
const STOP = new Set(
  (
    'saya kamu kami kita dia yang di ke dari dan atau itu ini apa apakah bagaimana kakak admin ada bisa mau ' +
    'sih ya iya tolong mohon terima kasih halo dong saja sama dengan untuk pada juga tahu info informasi i the a to is'
  ).split(' '),
);

interface Doc {
  key: string;
  answer: string;
  topic: string;
  question: string;
  keywords: string;
  title: string;
  text: string;
  en: string;
}

export function createFaqSearch(answers: readonly SearchableAnswer[], nlu: Nlu): FaqSearch {
  const analyse = (text: string): string[] =>
    (nlu.stems ? nlu.stems(text) : nlu.normalize(text).split(' ')).filter((t) => t && !STOP.has(t));
  const countryOf = new Map(answers.filter((a) => a.country).map((a) => [a.id, a.country as string]));
  const docs: Doc[] = [];
  for (const a of answers) {
    const base = { answer: a.id, topic: a.topic, question: '', keywords: '', title: '', text: '', en: '' };
    a.questions.forEach((q, i) => {
      docs.push({ ...base, key: `${a.id}#q${i}`, question: q });
    });
    docs.push({
      ...base,
      key: `${a.id}#body`,
      keywords: a.keywords.join(' . '),
      title: a.idTitle,
      text: a.idText,
      en: `${a.enTitle ?? ''} . ${a.enText ?? ''}`,
    });
  }
  const index = new MiniSearch<Doc>({
    idField: 'key',
    fields: ['question', 'keywords', 'title', 'text', 'en'],
    storeFields: ['answer', 'topic'],
    tokenize: (text) => analyse(text),
    processTerm: (term) => term,
  });
  index.addAll(docs);

  const search = (text: string, opts: { topic?: string; lang?: 'id' | 'en' } = {}): FaqSearchResult => {
    const query = text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
    const terms = analyse(query);
    if (terms.length === 0) return { band: 'low', results: [] };
    const english = opts.lang === 'en';
    const hits = index.search(terms.join(' '), {
      boost: { question: 1, keywords: 2, title: 1, text: 1, en: english ? 1.5 : 1 },
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      prefix: (term) => term.length >= 5,
      weights: { fuzzy: 0.3, prefix: 0.5 },
      combineWith: 'OR',
      ...(opts.topic ? { filter: (r) => r.topic === opts.topic } : {}),
    });
    // Priors from the understanding: the topic the classifier sees, and the country named.
    const understood = nlu.classify(query);
    const topicScore = new Map(understood.ranked.map((r) => [r.intent, r.score]));
    const country = understood.entities.country;
    const best = new Map<string, number>();
    const coverage = new Map<string, number>();
    const unique = new Set(terms).size;
    for (const h of hits) {
      const id = h.answer as string;
      if (best.has(id)) continue;
      coverage.set(id, new Set(h.queryTerms).size / unique);
      const answerCountry = countryOf.get(id);
      const countryFactor = !answerCountry || !country ? 1 : answerCountry === country ? COUNTRY_MATCH : COUNTRY_OTHER;
      best.set(id, h.score * (1 + TOPIC_WEIGHT * (topicScore.get(h.topic as string) ?? 0)) * countryFactor);
    }
    const ranked = [...best].sort((a, b) => b[1] - a[1]).slice(0, MAX_RESULTS);
    const top = ranked[0];
    if (!top) return { band: 'low', results: [] };
    // Score: the share of the query's words the answer covers, times its BM25 relative to the
    // best answer (so the top answer's score is its coverage, 0..1).
    const results = ranked.map(([id, raw]) => ({
      id,
      score: Math.round((coverage.get(id) ?? 0) * (raw / top[1]) * 1000) / 1000,
    }));
    const lead = top[1] / (ranked[1]?.[1] ?? 0.0001);
    const cover = coverage.get(top[0]) ?? 0;
    const words = Math.round(cover * unique);
    const high = cover >= FAQ_BANDS.high && lead >= FAQ_BANDS.highLead && words >= FAQ_BANDS.highMinWords;
    // A weak match in a message the understanding clearly reads as off-topic gets an honest
    // "low" (a strong match stays: English questions look off-topic to the Indonesian classifier).
    const offTopic = understood.intent === 'out_of_scope' && understood.confidence >= OFF_TOPIC_CONFIDENCE;
    const band: FaqBand = high ? 'high' : cover >= FAQ_BANDS.middle && !offTopic ? 'middle' : 'low';
    return { band, results, lead, cover };
  };
  return { search };
}
