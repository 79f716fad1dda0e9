/**
 * Word-level normalisation of informal Indonesian: slang, Javanese/Sundanese/Malay words,
 * stretched letters and typos become standard Indonesian words. Negations are mapped to
 * their standard form and never dropped.
 */
import type { LexiconData } from './nlu-model.js';
import type { Speller } from './speller.js';
import { cleanChars, collapseDoubles, collapseRuns, hasRun, tokenize } from './text-clean.js';

export interface Normalizer {
  /** Normalised words of a message. */
  tokens(text: string): string[];
  /** The same from the message's raw words (`tokenize(cleanChars(text))`). */
  tokensOf(raw: readonly string[]): string[];
  /** The same clause by clause: raw words of each clause -> words and the clause each is in. */
  clausesOf(raws: readonly (readonly string[])[]): { tokens: string[]; clauses: number[] };
  /** Every word the normaliser knows (Indonesian words, map keys and values). */
  readonly vocabulary: ReadonlySet<string>;
  /** Words that are standard Indonesian already. */
  readonly indonesian: ReadonlySet<string>;
}

const POSSESSIVE_SUFFIXES: [string, string][] = [
  ['ku', 'saya'],
  ['ipun', ''],
  ['nya', ''],
  ['ne', ''],
  ['na', ''],
  ['e', ''],
  ['mu', ''],
];
const MAX_PHRASE = 3;
const MAX_MAPPED = 50_000;
// "pukul lima" is a time of day, not a blow: it becomes "jam lima".
const NUMBER_WORDS = new Set(
  'satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas setengah'.split(' '),
);

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/**
 * @param speller typo correction for words nobody knows.
 * @param known further words to leave alone (the intents' examples and phrases), so the
 *   speller never "corrects" a word that an editor wrote on purpose.
 */
export function createNormalizer(lexicon: LexiconData, speller?: Speller, known?: ReadonlySet<string>): Normalizer {
  const slang = new Map(Object.entries(lexicon.slang));
  const regional = new Map(Object.entries(lexicon.regional));
  const phrases = new Map<string, string>();
  for (const [k, v] of [...Object.entries(lexicon.regional), ...Object.entries(lexicon.slang)]) {
    if (k.includes(' ')) phrases.set(k, v);
  }
  for (const [k, v] of Object.entries(lexicon.phrases)) phrases.set(k, v);

  const particles = new Set(lexicon.particles);
  const indonesian = new Set<string>(lexicon.idWords);
  for (const v of [...slang.values(), ...regional.values()]) for (const w of words(v)) indonesian.add(w);
  const vocabulary = new Set<string>(indonesian);
  for (const k of regional.keys()) vocabulary.add(k);
  for (const k of slang.keys()) vocabulary.add(k);

  /** A replacement for a word, or null when the word is unknown. */
  const lookup = (t: string): string | null => {
    const s = slang.get(t);
    if (s !== undefined) return s;
    if (indonesian.has(t)) return t;
    const r = regional.get(t);
    if (r !== undefined) return r;
    return vocabulary.has(t) || known?.has(t) ? t : null;
  };

  const withAffixes = (t: string): string | null => {
    for (const [suffix, replacement] of POSSESSIVE_SUFFIXES) {
      if (!t.endsWith(suffix) || t.length - suffix.length < 3) continue;
      const base = lookup(t.slice(0, -suffix.length));
      if (base && base !== t) return replacement ? `${base} ${replacement}` : base;
    }
    // Jakarta "-in" for "-kan"/"-i": "dikunciin", "laporin", "beliin".
    if (t.endsWith('in') && t.length > 5) {
      const base = t.slice(0, -2);
      const m = lookup(base) ?? lookup(`${base}kan`);
      if (m) return m;
    }
    if (t.startsWith('di') && t.length > 5) {
      const root = t.slice(2);
      const mapped = regional.get(root) ?? slang.get(root);
      if (mapped && !mapped.includes(' ')) return `di${mapped}`;
    }
    return null;
  };

  const mapToken = (t: string): string => {
    const direct = lookup(t);
    if (direct !== null) return direct;
    if (hasRun(t, 3)) {
      for (const keep of [2, 1] as const) {
        const m = lookup(collapseRuns(t, keep));
        if (m !== null) return m;
      }
    }
    if (hasRun(t, 2)) {
      const m = lookup(collapseDoubles(t));
      if (m !== null) return m;
    }
    const affixed = withAffixes(t);
    if (affixed !== null) return affixed;
    const corrected = speller?.(hasRun(t, 3) ? collapseRuns(t, 1) : t);
    if (corrected) return lookup(corrected) ?? corrected;
    return hasRun(t, 3) ? collapseRuns(t, 2) : t;
  };

  // Only a word that starts some phrase can start a phrase match: the others skip the lookups.
  const phraseStarts = new Set([...phrases.keys()].map((k) => k.split(' ')[0] as string));
  const phraseWords = new Map([...phrases].map(([k, v]) => [k, words(v)]));
  // A word maps to the same words every time (the lexicon and speller are fixed), and chat
  // repeats its words: each mapping is worked out once.
  const mapped = new Map<string, readonly string[]>();
  const mapWord = (t: string): readonly string[] => {
    let list = mapped.get(t);
    if (list === undefined) {
      list = words(mapToken(t));
      if (mapped.size >= MAX_MAPPED) mapped.clear();
      mapped.set(t, list);
    }
    return list;
  };

  const tokensOf = (raw: readonly string[]): string[] => {
    const out: string[] = [];
    let i = 0;
    while (i < raw.length) {
      const t = raw[i] as string;
      let phrase: readonly string[] | undefined;
      if (phraseStarts.has(t)) {
        for (let n = Math.min(MAX_PHRASE, raw.length - i); n >= 2 && !phrase; n--) {
          phrase = phraseWords.get(raw.slice(i, i + n).join(' '));
          if (phrase) i += n;
        }
      }
      if (phrase) {
        for (const w of phrase) out.push(w);
        continue;
      }
      const next = raw[i + 1] ?? '';
      i++;
      if (particles.has(t)) continue;
      if (t === 'pukul' && (/^\d/.test(next) || NUMBER_WORDS.has(next))) out.push('jam');
      else for (const w of mapWord(t)) out.push(w);
    }
    return out;
  };

  /** The words of each clause in turn, and which clause each word is in (see `clauseWords`). */
  const clausesOf = (raws: readonly (readonly string[])[]): { tokens: string[]; clauses: number[] } => {
    const tokens: string[] = [];
    const clauses: number[] = [];
    raws.forEach((raw, c) => {
      for (const t of tokensOf(raw)) {
        tokens.push(t);
        clauses.push(c);
      }
    });
    return { tokens, clauses };
  };

  return { tokens: (text) => tokensOf(tokenize(cleanChars(text))), tokensOf, clausesOf, vocabulary, indonesian };
}
