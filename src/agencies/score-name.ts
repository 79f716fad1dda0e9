/**
 * The precise score of one registry name against a query: query words are aligned one-to-one
 * with name words (best similarity first; a short query word may stand for the initials of
 * neighbouring name words), then two coverages are averaged: how much of the query the name
 * explains and how much of the name the query mentions, each weighted by word rarity. A small
 * bonus rewards the same word order, and a larger one the exact name, so those win ties.
 */

export interface QueryWord {
  text: string;
  /** Registry word id -> similarity (best first). */
  sims: Map<number, number>;
  /** Rarity weight of the registry word it matches best (or of an unseen word). */
  weight: number;
  /** Set when the word may be initials ("sj"). */
  initials?: string;
}

export interface IndexedName {
  tokens: number[];
  weights: number[];
  total: number;
}

/** Below a one-typo match: "ms" is more likely "Mas" than "Mandiri Setiawan". */
export const INITIALS_SIM = 0.7;
const ORDER_BONUS = 0.02;
/**
 * Workers leave words out far more often than they add wrong ones, so an unexplained query word
 * costs more than an unmentioned name word.
 */
export const QUERY_SHARE = 0.6;
/** Query and name are the same words in the same order: that one wins over mere reorderings. */
const EXACT_BONUS = 0.08;

interface Pair {
  qi: number;
  start: number;
  len: number;
  sim: number;
}

export function scoreName(query: QueryWord[], qTotal: number, name: IndexedName, words: readonly string[]): number {
  if (name.tokens.length === 0 || qTotal <= 0) return 0;
  const pairs: Pair[] = [];
  query.forEach((q, qi) => {
    name.tokens.forEach((id, j) => {
      const sim = q.sims.get(id);
      if (sim !== undefined) pairs.push({ qi, start: j, len: 1, sim });
    });
    const ini = q.initials;
    if (ini) {
      for (let j = 0; j + ini.length <= name.tokens.length; j++) {
        let ok = true;
        for (let k = 0; k < ini.length && ok; k++) ok = words[name.tokens[j + k]!]![0] === ini[k];
        if (ok) pairs.push({ qi, start: j, len: ini.length, sim: INITIALS_SIM });
      }
    }
  });
  // Best first; among equals prefer the pair that keeps the query's word order.
  pairs.sort((a, b) => b.sim - a.sim || b.len - a.len || Math.abs(a.start - a.qi) - Math.abs(b.start - b.qi));

  const usedQ = new Array<boolean>(query.length).fill(false);
  const usedN = new Array<boolean>(name.tokens.length).fill(false);
  const chosen: Pair[] = [];
  let qGain = 0;
  let nGain = 0;
  for (const p of pairs) {
    if (usedQ[p.qi]) continue;
    let free = true;
    for (let k = 0; k < p.len && free; k++) free = !usedN[p.start + k];
    if (!free) continue;
    usedQ[p.qi] = true;
    for (let k = 0; k < p.len; k++) {
      usedN[p.start + k] = true;
      nGain += name.weights[p.start + k]! * p.sim;
    }
    qGain += query[p.qi]!.weight * p.sim;
    chosen.push(p);
  }
  chosen.sort((a, b) => a.qi - b.qi);
  let inOrder = chosen.length >= 2;
  for (let i = 1; i < chosen.length && inOrder; i++) inOrder = chosen[i]!.start > chosen[i - 1]!.start;
  const exact =
    inOrder &&
    chosen.length === query.length &&
    chosen.length === name.tokens.length &&
    chosen.every((p) => p.sim === 1 && p.len === 1);
  return (
    QUERY_SHARE * (qGain / qTotal) +
    (1 - QUERY_SHARE) * (nGain / name.total) +
    (inOrder ? ORDER_BONUS : 0) +
    (exact ? EXACT_BONUS : 0)
  );
}
