/**
 * Typo correction for the commonest chat typos only: one dropped letter ("dipukl",
 * "berdarh") or two swapped neighbours ("tolnog"). Substitutions are never corrected:
 * they turn real words we do not know into words we do ("lapar" is not "lapor").
 * Candidates come from an index of one-letter deletions of the vocabulary (the SymSpell
 * idea), so a lookup costs O(length), independent of the vocabulary size.
 */

const MIN_LENGTH = 5;

export type Speller = (token: string) => string | null;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * @param frequency vocabulary word -> how often it occurs in the intent examples; ties
 *   between candidates go to the commoner word, and an unresolvable tie returns null.
 */
export function createSpeller(frequency: ReadonlyMap<string, number>): Speller {
  const index = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const list = index.get(key);
    if (!list) index.set(key, [word]);
    else if (!list.includes(word)) list.push(word);
  };
  for (const word of frequency.keys()) {
    if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
    add(word, word);
    for (const d of deletions(word)) add(d, word);
  }

  return (token: string) => {
    if (token.length < MIN_LENGTH || /\d/.test(token)) return null;
    const candidates = new Set<string>();
    // The token is a vocabulary word with one letter dropped.
    for (const w of index.get(token) ?? []) if (w !== token) candidates.add(w);
    // Or two neighbouring letters swapped.
    for (let i = 0; i + 1 < token.length; i++) {
      const swapped = token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2);
      if (swapped !== token && frequency.has(swapped)) candidates.add(swapped);
    }
    let best: string | null = null;
    let bestFreq = -1;
    let tie = false;
    for (const c of candidates) {
      const f = frequency.get(c) ?? 0;
      if (f > bestFreq) {
        best = c;
        bestFreq = f;
        tie = false;
      } else if (f === bestFreq) tie = true;
    }
    return tie ? null : best;
  };
}
