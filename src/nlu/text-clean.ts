/**
 * Character-level cleaning and tokenisation of chat text. Pure and linear in the input
 * length (no backtracking regexes), so a 50 KB message stays cheap.
 */

// Control characters, zero-width characters, bidi overrides/isolates, BOM and interlinear
// annotation marks: invisible, used to spoof text or to split words ("to\u200Blong").
const INVISIBLE =
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARKS = /\p{M}/gu;
// Apostrophes inside words are dropped ("jum'at", "du'a"), not turned into word breaks.
const APOSTROPHE = /['\u2018\u2019\u02BC`]/g;
// An English possessive names the thing itself ("macau's law" is about Macau).
const POSSESSIVE = /(\p{L})['\u2019]s\b/gu;
const TICKET = /\badu[\s-]?[0-9a-z]{8}\b/g;
const PRINTABLE_ASCII = /^[\t\n\v\f\r\x20-\x7E]*$/;

/** Placeholder token that stands for a complaint code (ADU-XXXXXXXX) in normalised text. */
export const TICKET_TOKEN = 'kodeaduan';

/**
 * Lowercase, NFKC, without invisible characters, accents or apostrophes. Emoji and other
 * symbols stay for the tokeniser to drop.
 */
export function cleanChars(raw: string): string {
  // Most chat text is printable ASCII, on which both normalisations, the invisible and
  // surrogate removals and the accent stripping change nothing.
  if (PRINTABLE_ASCII.test(raw)) return raw.toLowerCase().replace(POSSESSIVE, '$1').replace(APOSTROPHE, '');
  return raw
    .normalize('NFKC')
    .replace(LONE_SURROGATE, '')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(POSSESSIVE, '$1')
    .replace(APOSTROPHE, '');
}

/**
 * Splits cleaned text into word tokens: letters and digits only; everything else
 * (emoji, punctuation, hyphens, slashes) separates words. Chat reduplication "kata2"
 * becomes one "kata" (the meaning of "kata-kata" is carried by the word itself),
 * amounts like "5jt" become "5 jt", and complaint codes become {@link TICKET_TOKEN}.
 */
export function tokenize(cleaned: string): string[] {
  const text = cleaned.replace(TICKET, ` ${TICKET_TOKEN} `);
  const out: string[] = [];
  for (const part of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!part) continue;
    pushToken(part, out);
  }
  return out;
}

function pushToken(part: string, out: string[]): void {
  // "nanti2", "biru2": reduplication written with a 2.
  const redup = /^(\p{L}{2,})2$/u.exec(part);
  if (redup?.[1]) {
    out.push(redup[1]);
    return;
  }
  // "5jt", "500rb", "2x", "17thn": a number glued to its unit.
  const unit = /^(\d+)(\p{L}+)$/u.exec(part);
  if (unit?.[1] && unit[2]) {
    out.push(unit[1], unit[2]);
    return;
  }
  out.push(part);
}

/**
 * Where one statement ends and the next begins: ";" or a full stop after a word of three letters
 * or more followed by a space (not "Rp. 500", "PT. Maju" or "4.990"). A phrase must not join
 * words of two statements to say yes or no: "... different address. im 2nd contract" says nothing
 * about a different contract. A question mark is no such end: "harus ikut JHT gak? wajib kah?"
 * asks one thing twice.
 */
const CLAUSE_END = /;+|(?<=[\p{L}\p{N}]{3})\.+(?=\s)/u;

/** The raw words of each clause of `text`, in order (flattened: `tokenize(cleanChars(text))`). */
export function clauseWords(text: string): string[][] {
  return cleanChars(text).split(CLAUSE_END).map(tokenize);
}

/** Collapses runs of 3+ identical letters to `keep` letters ("tolooong" -> "tolong" with 1). */
export function collapseRuns(token: string, keep: 1 | 2): string {
  return token.replace(/(\p{L})\1{2,}/gu, keep === 1 ? '$1' : '$1$1');
}

/** Collapses every doubled letter ("kakk" -> "kak", "minn" -> "min"). */
export function collapseDoubles(token: string): string {
  return token.replace(/(\p{L})\1+/gu, '$1');
}

/** True when the token has a run of at least `n` identical letters. */
export function hasRun(token: string, n: number): boolean {
  let run = 0;
  let prev = '';
  for (const ch of token) {
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    if (run >= n) return true;
  }
  return false;
}
