/** Entities found in a message: complaint code, country, requested language, agency name. */
import { distance } from 'fastest-levenshtein';
import { escapeRegExp } from './amounts.js';
import { cleanChars, tokenize } from './text-clean.js';

const TICKET = /\badu[\s-]?([0-9a-z]{8})(?![0-9a-z])/i;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** `ADU-XXXXXXXX` in upper case with Crockford's reading of look-alikes (I, L -> 1; O -> 0). */
export function findTicket(text: string): string | undefined {
  const m = TICKET.exec(text);
  if (!m?.[1]) return undefined;
  const code = m[1].toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  return CROCKFORD.test(code) ? `ADU-${code}` : undefined;
}

export type CountryMatcher = {
  /** Countries named in the text, in order of appearance (exact aliases only). */
  all(text: string): string[];
  /** The same with the index of the word each starts at. */
  positions(words: readonly string[]): { iso: string; at: number }[];
  /** The same from the text's raw words (`tokenize(cleanChars(text))`, text cut at 4000 characters). */
  allOf(words: readonly string[]): string[];
  /** The first country named, tolerating one typo in a short answer ("singapur", "taiwn"). */
  first(text: string): string | null;
  /** The country a name written in capitals names ("KL"), for a text that names none otherwise. */
  capital(text: string): string | undefined;
};

const MAX_ALIAS_WORDS = 3;

/**
 * The country a name written in capitals names ("KL" -> MY), when the text is not written mostly
 * in capitals (where case tells nothing). These names are an ordinary chat word in lower case
 * ("kl" is "kalau"); countries.yaml marks them with a leading "^".
 */
function capitalIn(text: string, names: readonly (readonly [RegExp, string])[]): string | undefined {
  if (names.length === 0) return undefined;
  const letters = text.replace(/[^A-Za-z]/g, '');
  const upper = letters.replace(/[^A-Z]/g, '');
  if (letters.length === 0 || upper.length * 2 > letters.length) return undefined;
  return names.find(([re]) => re.test(text))?.[1];
}

/**
 * @param known ordinary words (Indonesian, English): a typo of a country is looked for only in a
 *   word that is none of them ("besok" is not "Bedok", "makan" is not "Makau").
 */
export function createCountryMatcher(
  countries: Record<string, string[]>,
  known: ReadonlySet<string> = new Set(),
): CountryMatcher {
  const alias = new Map<string, string>();
  const capitals: [RegExp, string][] = [];
  for (const [iso, names] of Object.entries(countries)) {
    for (const n of names) {
      if (n.startsWith('^')) {
        capitals.push([new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(n.slice(1))}(?![A-Za-z0-9])`), iso]);
        continue;
      }
      alias.set(tokenize(cleanChars(n)).join(' '), iso);
    }
  }
  const fuzzyNames = [...alias.keys()].filter((k) => !k.includes(' ') && k.length >= 5);

  // Only a word that starts some alias can start a match: the others skip the lookups.
  const aliasStarts = new Set([...alias.keys()].map((k) => k.split(' ')[0] as string));

  const positions = (t: readonly string[]): { iso: string; at: number }[] => {
    const out: { iso: string; at: number }[] = [];
    let i = 0;
    while (i < t.length) {
      let hit = 0;
      if (!aliasStarts.has(t[i] as string)) {
        i++;
        continue;
      }
      for (let n = Math.min(MAX_ALIAS_WORDS, t.length - i); n >= 1 && !hit; n--) {
        const iso = alias.get(n === 1 ? (t[i] as string) : t.slice(i, i + n).join(' '));
        if (iso) {
          out.push({ iso, at: i });
          hit = n;
        }
      }
      i += hit || 1;
    }
    return out;
  };
  const allOf = (t: readonly string[]): string[] => [...new Set(positions(t).map((p) => p.iso))];
  const all = (text: string): string[] => {
    const found = allOf(tokenize(cleanChars(text.slice(0, 4000))));
    const caps = found.some((c) => c !== 'ID') ? undefined : capitalIn(text.slice(0, 4000), capitals);
    return caps ? [...found, caps] : found;
  };

  const first = (text: string): string | null => {
    const words = tokenize(cleanChars(text.slice(0, 4000)));
    const exact = allOf(words)[0];
    if (exact) return exact;
    const caps = capitalIn(text.slice(0, 4000), capitals);
    if (caps) return caps;
    const t = text.length <= 200 ? words : tokenize(cleanChars(text.slice(0, 200)));
    if (t.length === 0 || t.length > 4) return null;
    const joined = t.join('');
    for (const word of [joined, ...t]) {
      if (word.length < 5 || known.has(word)) continue;
      for (const name of fuzzyNames) {
        const limit = name.length >= 8 ? 2 : 1;
        if (Math.abs(name.length - word.length) <= limit && distance(word, name) <= limit) {
          return alias.get(name) ?? null;
        }
      }
    }
    return null;
  };
  return { all, allOf, positions, first, capital: (text) => capitalIn(text.slice(0, 4000), capitals) };
}

const ENGLISH = new Set(['english', 'inggris', 'eng', 'en']);
const INDONESIAN = new Set(['indonesia', 'indonesian', 'indo', 'id']);
const TOWARD = new Set(['ke', 'pakai', 'dalam', 'in', 'to', 'use', 'jadi']);

/** The language asked for in a language-change request, when it is one we offer. */
export function findLanguage(tokens: readonly string[]): 'id' | 'en' | undefined {
  const hits: { lang: 'id' | 'en'; at: number }[] = [];
  tokens.forEach((t, at) => {
    if (ENGLISH.has(t)) hits.push({ lang: 'en', at });
    else if (INDONESIAN.has(t)) hits.push({ lang: 'id', at });
  });
  if (hits.length === 0) return undefined;
  const toward = hits.find((h) => TOWARD.has(tokens[h.at - 1] ?? '') || TOWARD.has(tokens[h.at - 2] ?? ''));
  return (toward ?? hits[0])?.lang;
}

const AGENCY_WORDS = new Set(['pt', 'cv', 'lpk', 'p3mi', 'agensi', 'yayasan']);
/** Words that end an agency name or show that "PT" is used as a common noun. */
const NOT_NAME = new Set(
  (
    'nya itu ini yang di ke dari dan atau sudah tidak belum mau minta bilang beri saya kami resmi legal terdaftar sah ' +
    'bayar tutup tempat lewat sama dengan untuk juga saja tapi katanya kata suruh janji tahan potong tipu kirim urus ' +
    'ada adalah apa apakah kalau kok sih ya masih lagi kakak admin tolong cek dong mana punya pernah sering kantor'
  ).split(' '),
);

/** True when the words after PT/CV/LPK/agensi look like a company name ("PT Awan Biru"). */
export function hasAgencyName(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (!AGENCY_WORDS.has(tokens[i] as string)) continue;
    let n = 0;
    while (n < 3 && i + 1 + n < tokens.length && !NOT_NAME.has(tokens[i + 1 + n] as string)) n++;
    if (n >= 2) return true;
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i] === 'sdn' && tokens[i + 1] === 'bhd') return true;
  }
  return false;
}
