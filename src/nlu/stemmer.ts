/**
 * A light dictionary-checked stemmer for Indonesian with the commonest Javanese/Sundanese
 * affixes. It only strips an affix when what remains is a known root, so unknown words
 * (names, places) pass unchanged; the same function runs on examples and on messages,
 * which is what matters for matching.
 */

const PARTICLES = ['lah', 'kah', 'tah', 'pun'];
const POSSESSIVES = ['nya', 'ku', 'mu'];
// Javanese/Sundanese suffixes: -e/-ne (possessive), -ake/-ke/-no (causative), -na, -keun.
const DERIVATIONAL = ['kan', 'an', 'i', 'ake', 'ke', 'ne', 'e', 'keun', 'na', 'no', 'en'];
/** prefix -> replacement letters tried at the start of the remainder ('' = none). */
const PREFIXES: [string, string[]][] = [
  ['memper', ['']],
  ['diper', ['']],
  ['meng', ['', 'k']],
  ['meny', ['s']],
  ['mem', ['p', '']],
  ['men', ['t', '']],
  ['me', ['']],
  ['peng', ['', 'k']],
  ['peny', ['s']],
  ['pem', ['p', '']],
  ['pen', ['t', '']],
  ['per', ['']],
  ['pe', ['']],
  ['ber', ['']],
  ['be', ['']],
  ['ter', ['']],
  ['di', ['']],
  ['ke', ['']],
  ['se', ['']],
  ['nge', ['']],
  ['nga', ['']],
  ['ng', ['', 'k']],
  ['ny', ['c', 's']],
  ['n', ['t']],
  ['m', ['p', '']],
  ['ka', ['']],
  ['pa', ['']],
];
/** Chat and Javanese/Sundanese nasal prefixes: "nyari" = cari, "mukul" = pukul, "ngurus" = urus. */
const COLLOQUIAL = new Set(['nge', 'nga', 'ng', 'ny', 'n', 'm', 'ka', 'pa']);
const MIN_ROOT = 3;
const MAX_MEMO = 50_000;

export type Stemmer = (token: string) => string;

/**
 * @param roots every known word; an affix is stripped only when what remains is one of them.
 * @param keep words never stemmed although they look affixed (berapa, meninggal, keluarga).
 */
export function createStemmer(roots: ReadonlySet<string>, keep: ReadonlySet<string>): Stemmer {
  const memo = new Map<string, string>();
  const isRoot = (w: string) => w.length >= MIN_ROOT && roots.has(w);

  const withoutPrefix = (word: string): string | null => {
    // A known word is not read as a chat nasal form: "marah" is not m- + "parah".
    const known = roots.has(word);
    for (const [prefix, replacements] of PREFIXES) {
      if (!word.startsWith(prefix) || word.length - prefix.length < MIN_ROOT - 1) continue;
      if (known && COLLOQUIAL.has(prefix)) continue;
      const rest = word.slice(prefix.length);
      for (const r of replacements) {
        // Javanese "mbayar" = bayar, but "makanan" is not m- + "akanan".
        if (prefix === 'm' && r === '' && !rest.startsWith('b')) continue;
        const candidate = r + rest;
        if (isRoot(candidate)) return candidate;
        const inner = withoutSuffix(candidate, false);
        if (inner) return inner;
      }
    }
    return null;
  };

  function withoutSuffix(word: string, tryPrefix: boolean): string | null {
    for (const p of PARTICLES) {
      if (word.endsWith(p) && isRoot(word.slice(0, -p.length))) return word.slice(0, -p.length);
    }
    const bases = [word];
    for (const p of POSSESSIVES) {
      if (word.endsWith(p) && word.length - p.length >= MIN_ROOT) {
        const base = word.slice(0, -p.length);
        if (isRoot(base)) return base;
        bases.push(base);
      }
    }
    for (const base of bases) {
      for (const d of DERIVATIONAL) {
        if (!base.endsWith(d) || base.length - d.length < MIN_ROOT) continue;
        const cut = base.slice(0, -d.length);
        if (isRoot(cut)) return cut;
        if (tryPrefix) {
          const p = withoutPrefix(cut);
          if (p) return p;
        }
      }
      if (tryPrefix && base !== word) {
        const p = withoutPrefix(base);
        if (p) return p;
      }
    }
    return null;
  }

  const stem = (token: string): string => {
    if (token.length <= MIN_ROOT || keep.has(token) || /\d/.test(token)) return token;
    const cached = memo.get(token);
    if (cached !== undefined) return cached;
    // Roots may themselves be derived forms (lexicon entries like "membantu"): strip again.
    let result = token;
    for (let round = 0; round < 3; round++) {
      if (keep.has(result)) break;
      // Suffixes first (as in Nazief-Adriani): "makanan" is makan + -an, "pendarahan" pen- + darah + -an.
      const next = withoutSuffix(result, true) ?? withoutPrefix(result);
      if (!next || next === result) break;
      result = next;
    }
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(token, result);
    return result;
  };
  return stem;
}
