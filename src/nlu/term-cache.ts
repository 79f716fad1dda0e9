/**
 * Remembers MiniSearch's work per query term. Most of a search's time goes into the fuzzy
 * and prefix expansion of each term over the index (edit distances over the whole term
 * tree), and questions share their words ("biaya", "paspor", "taiwan"), so the expansion
 * and scoring of a term is done once and reused while the index stays as it is.
 *
 * MiniSearch does not offer this; its per-term step (`executeQuerySpec`) is wrapped on the
 * instance. The wrapper hands out copies, because MiniSearch merges the per-term results in
 * place. If a MiniSearch version has no such step, nothing is wrapped and searches are as
 * before. test/nlu/term-cache.test.ts checks the results against a plain index.
 */
import { createLruCache } from './lru-cache.js';

interface TermHit {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}
type TermResults = Map<number, TermHit>;
interface QuerySpec {
  term: string;
  fuzzy: unknown;
  prefix: unknown;
  termBoost: unknown;
}
type ExecuteQuerySpec = (query: QuerySpec, options: Record<string, unknown>) => TermResults;

function copyResults(results: TermResults): TermResults {
  const out: TermResults = new Map();
  for (const [id, hit] of results) out.set(id, { score: hit.score, terms: [...hit.terms], match: { ...hit.match } });
  return out;
}

/**
 * @param index a MiniSearch index that is complete: call after the last add (a later add or remove
 *   would need a fresh cache).
 * @returns whether the cache could be installed.
 */
export function cacheQueryTerms(index: object, maxTerms: number): boolean {
  const target = index as unknown as { executeQuerySpec?: ExecuteQuerySpec };
  const original = target.executeQuerySpec;
  if (typeof original !== 'function') return false;
  const cache = createLruCache<string, TermResults>(maxTerms);
  // The options that shape a term's results, as text; worked out once per options object
  // (the caller passes the same objects again and again, and never changes them in place).
  const signatures = new WeakMap<object, { parts: unknown[]; text: string }>();
  const signatureOf = (options: Record<string, unknown>): string => {
    const parts = [options.fields, options.boost, options.weights, options.maxFuzzy, options.bm25];
    const holder = typeof options.boost === 'object' && options.boost !== null ? options.boost : undefined;
    const known = holder ? signatures.get(holder) : undefined;
    if (known?.parts.every((p, i) => p === parts[i])) return known.text;
    const text = JSON.stringify(parts);
    if (holder) signatures.set(holder, { parts, text });
    return text;
  };
  target.executeQuerySpec = function cached(query, options) {
    // A document boost function may depend on anything: no caching then.
    if (options.boostDocument) return original.call(index, query, options);
    const key = `${signatureOf(options)}\u0000${query.term}\u0000${query.fuzzy}\u0000${query.prefix}\u0000${query.termBoost}`;
    let results = cache.get(key);
    if (!results) {
      results = original.call(index, query, options);
      cache.set(key, copyResults(results));
      return results;
    }
    return copyResults(results);
  };
  return true;
}
