/**
 * Finds the registry words close to a typed word: exact, within one or two typos (optimal
 * string alignment: a swap of two neighbouring letters is one typo), or as a prefix ("sejah").
 * Candidates come from a symmetric-deletion index (SymSpell), so a lookup costs a few dozen
 * map reads instead of a scan of the whole vocabulary.
 */

export interface WordMatch {
  /** Index into the vocabulary given to `createFuzzyVocabulary`. */
  id: number;
  /** 1 for an exact match, lower for typos and prefixes. */
  sim: number;
}

export interface FuzzyVocabulary {
  readonly size: number;
  idOf(word: string): number | undefined;
  /** Close words, best first. */
  lookup(word: string): WordMatch[];
}

/** How many typos a registered word of this length may carry and still be recognised. */
export function maxTypos(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return 2;
}

/** How many letters a typed word may have lost or gained: "sntoo" is two typos from "santoso". */
function queryDepth(length: number): number {
  if (length <= 1) return 0;
  if (length <= 3) return 1;
  return 2;
}

/** Similarity of a typed word to a registered word `d` typos away: two typos count far more than one. */
export function typoSimilarity(d: number, length: number): number {
  if (d === 0) return 1;
  return (d === 1 ? 0.82 : 0.56) - (0.1 * d) / Math.max(length, 1);
}

export function createFuzzyVocabulary(words: readonly string[]): FuzzyVocabulary {
  const ids = new Map<string, number>(words.map((w, i) => [w, i]));
  const deletions = new Map<string, number[]>();
  words.forEach((w, id) => {
    for (const variant of deletionVariants(w, maxTypos(w.length))) {
      const list = deletions.get(variant);
      if (list) list.push(id);
      else deletions.set(variant, [id]);
    }
  });
  const sorted = words.map((w, id) => ({ w, id })).sort((a, b) => (a.w < b.w ? -1 : a.w > b.w ? 1 : 0));

  function prefixMatches(word: string, out: Map<number, number>): void {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.w < word) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && i < lo + 50; i++) {
      const { w, id } = sorted[i]!;
      if (!w.startsWith(word)) break;
      if (w.length === word.length) continue;
      const sim = Math.min(0.85, 0.55 + (0.3 * word.length) / w.length);
      if ((out.get(id) ?? 0) < sim) out.set(id, sim);
    }
  }

  return {
    size: words.length,
    idOf: (word) => ids.get(word),
    lookup(word) {
      const found = new Map<number, number>();
      const allowed = queryDepth(word.length);
      const seen = new Set<number>();
      for (const variant of deletionVariants(word, allowed)) {
        const list = deletions.get(variant);
        if (!list) continue;
        for (const id of list) {
          if (seen.has(id)) continue;
          seen.add(id);
          const target = words[id]!;
          const limit = Math.min(allowed, maxTypos(target.length));
          const d = target === word ? 0 : osaDistance(word, target, limit);
          if (d <= limit) found.set(id, typoSimilarity(d, target.length));
        }
      }
      prefixMatches(word, found);
      return [...found].map(([id, sim]) => ({ id, sim })).sort((a, b) => b.sim - a.sim);
    },
  };
}

/** The word and every string reached from it by deleting up to `depth` letters. */
function deletionVariants(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Optimal string alignment distance between `a` and `b`, or `max + 1` as soon as it is known to
 * exceed `max`.
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, max + 1);
}
