/**
 * Finds the agency a worker means, from a licence number or a company name as heard: typos,
 * word order, missing words, legal forms and abbreviations are tolerated. Candidates come from
 * an inverted index over fuzzy-matched words; the best few are then scored by aligning query
 * words to name words, weighted by how rare each word is in the registry.
 */
import type { AgencyRecord } from './agency-schema.js';
import { normalizeLicence } from './agency-schema.js';
import { isFillerWord } from './extract-agency-query.js';
import { createFuzzyVocabulary } from './fuzzy-vocabulary.js';
import { canonicalWord, nameTokens, nameWords } from './normalize-name.js';
import { INITIALS_SIM, type IndexedName, QUERY_SHARE, type QueryWord, scoreName } from './score-name.js';

export interface ScoredAgency {
  agency: AgencyRecord;
  /** 0..~1; 1 means every word of query and name matched exactly. */
  score: number;
}

export type MatchResult =
  | { kind: 'found'; agency: AgencyRecord; score: number; by: 'licence' | 'name' }
  | { kind: 'ambiguous'; candidates: ScoredAgency[] }
  | { kind: 'none'; by: 'licence' | 'name' };

export interface AgencyMatcher {
  readonly size: number;
  match(query: string): MatchResult;
  /** The best candidates by name, best first (what `match` decides from). */
  rank(query: string, limit?: number): ScoredAgency[];
  byLicence(licence: string): AgencyRecord | undefined;
}

export const MATCH_THRESHOLDS = {
  /** A single answer needs at least this score... */
  found: 0.8,
  /** ...and this lead over the runner-up. */
  margin: 0.06,
  /** Below this nothing is offered. */
  candidate: 0.55,
  /** Choices offered are within this distance of the best. */
  choiceWindow: 0.15,
  maxChoices: 5,
};

const RESCORE = 24;

export function createAgencyMatcher(records: readonly AgencyRecord[]): AgencyMatcher {
  const licences = new Map<string, AgencyRecord>();
  for (const r of records) licences.set(r.licenceKey, r);

  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const names: IndexedName[] = records.map((r) => {
    const tokens = nameTokens(r.name).map((w) => {
      let id = wordIds.get(w);
      if (id === undefined) {
        id = words.length;
        wordIds.set(w, id);
        words.push(w);
      }
      return id;
    });
    return { tokens, weights: [], total: 0 };
  });
  const df = new Array<number>(words.length).fill(0);
  const postings: number[][] = words.map(() => []);
  names.forEach((n, r) => {
    for (const id of new Set(n.tokens)) {
      df[id]! += 1;
      postings[id]!.push(r);
    }
  });
  const n = Math.max(records.length, 1);
  const idf = df.map((d) => Math.log(1 + n / d));
  const unknownWeight = Math.log(1 + n);
  for (const name of names) {
    name.weights = name.tokens.map((id) => idf[id]!);
    name.total = name.weights.reduce((a, b) => a + b, 0);
  }
  // "sj abadi" for "Sinar Jaya Abadi": initials of 2-3 neighbouring words.
  const initials = new Map<string, number[]>();
  names.forEach((name, r) => {
    for (let len = 2; len <= 3; len++) {
      for (let i = 0; i + len <= name.tokens.length; i++) {
        const key = name.tokens
          .slice(i, i + len)
          .map((id) => words[id]![0])
          .join('');
        const list = initials.get(key);
        if (!list) initials.set(key, [r]);
        else if (list[list.length - 1] !== r) list.push(r);
      }
    }
  });
  const vocabulary = createFuzzyVocabulary(words);
  const acc = new Float64Array(records.length);
  const stamp = new Int32Array(records.length).fill(-1);
  let stampBase = 0;

  function queryWords(tokens: string[]): QueryWord[] {
    return tokens.map((t) => {
      // The typed word and its canonical form ("indo" -> "indonesia") both compete.
      const canonical = canonicalWord(t);
      const matches = vocabulary.lookup(t);
      if (canonical !== t) matches.push(...vocabulary.lookup(canonical));
      matches.sort((a, b) => b.sim - a.sim);
      const sims = new Map<number, number>();
      for (const m of matches) if (!sims.has(m.id)) sims.set(m.id, m.sim);
      const best = matches[0];
      const weight = best ? idf[best.id]! : unknownWeight;
      const letters = /^[a-z]{2,3}$/.test(t) && (!best || best.sim < 1) ? t : undefined;
      return { text: t, sims, weight, initials: letters };
    });
  }

  /** Splits a glued word ("sinarjaya") into two registry words when it matches nothing itself. */
  function splitGlued(tokens: string[]): string[] {
    const out: string[] = [];
    for (const t of tokens) {
      if (t.length >= 6 && vocabulary.idOf(t) === undefined && vocabulary.lookup(t).length === 0) {
        let split: string[] | undefined;
        for (let p = 3; p <= t.length - 3 && !split; p++) {
          const a = t.slice(0, p);
          const b = t.slice(p);
          if (vocabulary.idOf(a) !== undefined && vocabulary.idOf(b) !== undefined) split = [a, b];
        }
        if (split) {
          out.push(...split);
          continue;
        }
      }
      out.push(t);
    }
    return out;
  }

  function rank(query: string, limit = MATCH_THRESHOLDS.maxChoices): ScoredAgency[] {
    // Chat words ("cek", "resmi", "gk") are dropped unless some registered name uses them.
    const tokens = splitGlued(nameWords(query)).filter(
      (t) => !isFillerWord(t) || wordIds.has(t) || wordIds.has(canonicalWord(t)),
    );
    if (tokens.length === 0 || records.length === 0) return [];
    const qwords = queryWords(tokens);
    const qTotal = qwords.reduce((a, q) => a + q.weight, 0);
    const touched: number[] = [];
    qwords.forEach((q, i) => {
      const mark = stampBase + i;
      // Each query word counts once per record, with its best similarity (sims are best first).
      const add = (r: number, gain: number) => {
        if (stamp[r]! < stampBase) {
          acc[r] = 0;
          touched.push(r);
        }
        if (stamp[r] !== mark) {
          stamp[r] = mark;
          acc[r]! += gain;
        }
      };
      for (const [id, sim] of q.sims) for (const r of postings[id]!) add(r, q.weight * sim);
      if (q.initials) for (const r of initials.get(q.initials) ?? []) add(r, q.weight * INITIALS_SIM);
    });
    stampBase += qwords.length + 1;
    if (stampBase > 2_000_000_000) {
      stamp.fill(-1);
      stampBase = 0;
    }
    // Cheap estimate first; the alignment score only for the best few.
    const approx = (r: number) =>
      (QUERY_SHARE * acc[r]!) / qTotal + ((1 - QUERY_SHARE) * Math.min(acc[r]!, names[r]!.total)) / names[r]!.total;
    const top = topK(touched, approx, RESCORE);
    const scored = top.map((r) => ({ agency: records[r]!, score: scoreName(qwords, qTotal, names[r]!, words) }));
    scored.sort((a, b) => b.score - a.score || a.agency.name.localeCompare(b.agency.name));
    return scored.slice(0, limit);
  }

  function match(query: string): MatchResult {
    const licence = licenceIn(query);
    if (licence) {
      const hit = licences.get(licence);
      if (hit) return { kind: 'found', agency: hit, score: 1, by: 'licence' };
      if (looksLikeLicenceOnly(query)) return { kind: 'none', by: 'licence' };
    }
    const ranked = rank(query, MATCH_THRESHOLDS.maxChoices + 1);
    const [best, second] = ranked;
    const t = MATCH_THRESHOLDS;
    if (!best || best.score < t.candidate) return { kind: 'none', by: 'name' };
    if (best.score >= t.found && (!second || best.score - second.score >= t.margin)) {
      return { kind: 'found', agency: best.agency, score: best.score, by: 'name' };
    }
    const candidates = ranked
      .filter((c) => c.score >= t.candidate && c.score >= best.score - t.choiceWindow)
      .slice(0, t.maxChoices);
    return { kind: 'ambiguous', candidates };
  }

  function licenceIn(query: string): string | undefined {
    const whole = normalizeLicence(query);
    if (licences.has(whole)) return whole;
    // "cek izin no CONTOH 0101 ya": any run of up to four words that contains a digit.
    const parts = query.split(/\s+/).filter(Boolean);
    for (let len = Math.min(4, parts.length); len >= 1; len--) {
      for (let i = 0; i + len <= parts.length; i++) {
        const key = normalizeLicence(parts.slice(i, i + len).join(''));
        if (/\d/.test(key) && licences.has(key)) return key;
      }
    }
    return /\d{5,}/.test(whole) ? whole : undefined;
  }

  return {
    size: records.length,
    match,
    rank,
    byLicence: (licence) => licences.get(normalizeLicence(licence)),
  };
}

/** Mostly digits: the user typed a number, not a name. */
function looksLikeLicenceOnly(query: string): boolean {
  const key = normalizeLicence(query);
  const digits = key.replace(/\D/g, '').length;
  return digits >= 5 && digits >= key.length / 2;
}

function topK(items: number[], score: (i: number) => number, k: number): number[] {
  const best: { i: number; s: number }[] = [];
  for (const i of items) {
    const s = score(i);
    if (best.length === k && s <= best[k - 1]!.s) continue;
    let pos = best.length;
    while (pos > 0 && best[pos - 1]!.s < s) pos--;
    best.splice(pos, 0, { i, s });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.i);
}
