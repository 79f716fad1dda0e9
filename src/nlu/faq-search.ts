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
import MiniSearch, { type SearchOptions } from 'minisearch';
import { createLruCache } from './lru-cache.js';
import type { Nlu } from './nlu-types.js';
import { cacheQueryTerms } from './term-cache.js';

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
  /** The details behind "Selengkapnya": searched too, since the short answer leaves words out. */
  idMore?: string;
  enMore?: string;
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
/** Searches remembered (by text, topic and language): common questions repeat across users. */
const CACHE_SIZE = 500;
/** Query words whose expansion over the index is remembered (see term-cache.ts); about 10 KB each. */
const TERM_CACHE_SIZE = 1000;
// Words that say nothing about which answer is meant.
const STOP = new Set(
  (
    'saya kamu kami kita dia yang di ke dari dan atau itu ini apa apakah bagaimana kakak admin ada bisa mau ' +
    'sih ya iya tolong mohon terima kasih halo dong saja sama dengan untuk pada juga tahu info informasi i the a to is'
  ).split(' '),
);

/** What the ranking reads of a MiniSearch hit. */
interface Hit {
  answer: string;
  topic: string;
  score: number;
  queryTerms: string[];
}

const searchOptions = (english: boolean): SearchOptions => ({
  // The details behind "Selengkapnya" count a little: the short answer leaves words out.
  boost: { question: 1, keywords: 2, title: 1, text: 1, en: english ? 1.5 : 1, more: 0.3 },
  fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
  prefix: (term) => term.length >= 5,
  weights: { fuzzy: 0.3, prefix: 0.5 },
  combineWith: 'OR',
});
const SEARCH_ID = searchOptions(false);
const SEARCH_EN = searchOptions(true);

interface Doc {
  key: string;
  answer: string;
  topic: string;
  question: string;
  keywords: string;
  title: string;
  text: string;
  en: string;
  more: string;
}

/**
 * @param options.cache false: remember nothing (searches, hits, query words), for measuring
 *   and for checking that the memo changes nothing.
 */
export function createFaqSearch(
  answers: readonly SearchableAnswer[],
  nlu: Nlu,
  options: { cache?: boolean } = {},
): FaqSearch {
  const memo = options.cache ?? true;
  const analyse = (text: string): string[] =>
    (nlu.stems ? nlu.stems(text) : nlu.normalize(text).split(' ')).filter((t) => t && !STOP.has(t));
  const countryOf = new Map(answers.filter((a) => a.country).map((a) => [a.id, a.country as string]));
  const docs: Doc[] = [];
  for (const a of answers) {
    const base = { answer: a.id, topic: a.topic, question: '', keywords: '', title: '', text: '', en: '', more: '' };
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
      more: `${a.idMore ?? ''} . ${a.enMore ?? ''}`,
    });
  }
  const index = new MiniSearch<Doc>({
    idField: 'key',
    fields: ['question', 'keywords', 'title', 'text', 'en', 'more'],
    storeFields: ['answer', 'topic'],
    tokenize: (text) => analyse(text),
    processTerm: (term) => term,
  });
  index.addAll(docs);
  if (memo) cacheQueryTerms(index, TERM_CACHE_SIZE);

  // The BM25 ranking does not depend on the topic: MiniSearch filters its sorted hits, so one
  // search serves the topic search and the search without topic that may follow it.
  // Only each answer's best hit counts, and all documents of an answer share its topic.
  const hitCache = createLruCache<string, Hit[]>(memo ? CACHE_SIZE : 0);
  const hitsOf = (query: string, english: boolean): Hit[] => {
    const key = `${english ? 'en' : 'id'}\u0000${query}`;
    let hits = hitCache.get(key);
    if (!hits) {
      hits = [];
      const seen = new Set<string>();
      for (const h of index.search(query, english ? SEARCH_EN : SEARCH_ID)) {
        const answer = h.answer as string;
        if (seen.has(answer)) continue;
        seen.add(answer);
        hits.push({ answer, topic: h.topic as string, score: h.score, queryTerms: h.queryTerms });
      }
      hitCache.set(key, hits);
    }
    return hits;
  };

  const compute = (text: string, opts: { topic?: string; lang?: 'id' | 'en' }): FaqSearchResult => {
    const query = text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
    const terms = analyse(query);
    if (terms.length === 0) return { band: 'low', results: [] };
    const all = hitsOf(terms.join(' '), opts.lang === 'en');
    const hits = opts.topic ? all.filter((h) => h.topic === opts.topic) : all;
    // Priors from the understanding: the topic the classifier sees, and the country named.
    const understood = nlu.classify(query);
    const topicScore = new Map(understood.ranked.map((r) => [r.intent, r.score]));
    const country = understood.entities.country;
    const best = new Map<string, number>();
    const coverage = new Map<string, number>();
    const unique = new Set(terms).size;
    for (const h of hits) {
      const id = h.answer;
      if (best.has(id)) continue;
      coverage.set(id, new Set(h.queryTerms).size / unique);
      const answerCountry = countryOf.get(id);
      const countryFactor = !answerCountry || !country ? 1 : answerCountry === country ? COUNTRY_MATCH : COUNTRY_OTHER;
      best.set(id, h.score * (1 + TOPIC_WEIGHT * (topicScore.get(h.topic) ?? 0)) * countryFactor);
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
  const cache = createLruCache<string, FaqSearchResult>(memo ? CACHE_SIZE : 0);
  const search = (text: string, opts: { topic?: string; lang?: 'id' | 'en' } = {}): FaqSearchResult => {
    const query = text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
    const key = `${opts.topic ?? ''}\u0000${opts.lang ?? ''}\u0000${query}`;
    let found = cache.get(key);
    if (!found) {
      found = compute(query, opts);
      cache.set(key, found);
    }
    return { ...found, results: found.results.map((r) => ({ ...r })) };
  };
  return { search };
}
