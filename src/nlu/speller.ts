/**
 * Typo correction for the commonest chat typos only: one dropped letter ("dipukl",
 * "berdarh") or two swapped neighbours ("tolnog"). Substitutions are never corrected:
 * they turn real words we do not know into words we do ("lapar" is not "lapor").
 * Candidates are the token with one letter put back, each of the vocabulary's letters at
 * each place, looked up in the vocabulary: a few hundred lookups for an unknown word, and no
 * index. (An index of the vocabulary's one-letter deletions, the SymSpell idea, answered in
 * fewer lookups but held some 300,000 strings and arrays: a sixth of the process's memory.)
 */

const MIN_LENGTH = 5;

export type Speller = (token: string) => string | null;

/** Words the speller may suggest: long enough and without digits. */
const suggestible = (word: string) => word.length >= MIN_LENGTH - 1 && !/\d/.test(word);

/**
 * @param frequency vocabulary word -> how often it occurs in the intent examples; ties
 *   between candidates go to the commoner word, and an unresolvable tie returns null.
 */
export function createSpeller(frequency: ReadonlyMap<string, number>): Speller {
  const letters = new Set<string>();
  for (const word of frequency.keys()) if (suggestible(word)) for (const ch of word) letters.add(ch);
  const alphabet = [...letters];

  return (token: string) => {
    if (token.length < MIN_LENGTH || /\d/.test(token)) return null;
    const candidates = new Set<string>();
    // The token is a vocabulary word with one letter dropped.
    for (let i = 0; i <= token.length; i++) {
      const head = token.slice(0, i);
      const tail = token.slice(i);
      for (const ch of alphabet) {
        const w = head + ch + tail;
        if (frequency.has(w) && suggestible(w)) candidates.add(w);
      }
    }
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
