/**
 * Turns a company name, as registered or as a worker types it, into comparable tokens: no case,
 * accents, punctuation or legal forms (PT, P.T., CV, Tbk, Persero), old spelling (Djaja, Tjipta,
 * Soerya) folded into the current one, and common abbreviations spelled out. Both sides of a
 * comparison go through the same function, so the mapping only has to be consistent.
 */

/** Legal-form tokens: they say nothing about which company is meant. */
const LEGAL_FORMS = new Set(['pt', 'cv', 'tbk', 'persero', 'ud', 'pte', 'ltd', 'sdn', 'bhd', 'inc']);

/** Connectors that workers add or leave out at will. */
const CONNECTORS = new Set(['dan', 'and', 'n']);

/**
 * Abbreviations seen in company names and in chat, mapped to one canonical word. Keys and values
 * are already lower-case and in current spelling.
 */
const ABBREVIATIONS: Record<string, string> = {
  indo: 'indonesia',
  ind: 'indonesia',
  intl: 'internasional',
  int: 'internasional',
  inter: 'internasional',
  international: 'internasional',
  interasional: 'internasional',
  mdr: 'mandiri',
  sej: 'sejahtera',
  sjht: 'sejahtera',
  sjtr: 'sejahtera',
  utm: 'utama',
  glb: 'global',
  bhakti: 'bakti',
  bakthi: 'bakti',
  putera: 'putra',
  puteri: 'putri',
  sentausa: 'sentosa',
  perkasha: 'perkasa',
  jkt: 'jakarta',
};

/** Lower-case ASCII words and digits, everything else as a separator. */
export function normalizeText(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Letters typed three or more times in a row ("jayaaa") count once. */
function squeeze(word: string): string {
  return word.replace(/([a-z])\1{2,}/g, '$1');
}

/** Old spelling folded into the current one, then abbreviations spelled out. */
export function canonicalWord(word: string): string {
  let w = word;
  if (/^[a-z]+$/.test(w)) w = w.replace(/oe/g, 'u').replace(/dj/g, 'j').replace(/tj/g, 'c');
  return ABBREVIATIONS[w] ?? ABBREVIATIONS[word] ?? w;
}

/**
 * The words of a name or query without legal forms and connectors, not yet canonical: a
 * typed word may be a typo that only looks like old spelling ("ketja" for "kerja"), so the
 * matcher tries both the word and its canonical form.
 */
export function nameWords(raw: string): string[] {
  const words = normalizeText(raw).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // "P.T." and "P T" arrive as two one-letter words.
    if (w === 'p' && words[i + 1] === 't') {
      i++;
      continue;
    }
    if (w === 'perseroan') {
      if (words[i + 1] === 'terbatas') i++;
      continue;
    }
    if (LEGAL_FORMS.has(w) || CONNECTORS.has(w)) continue;
    out.push(squeeze(w));
  }
  return out;
}

/** Canonical tokens of a registered company name, in their original order. */
export function nameTokens(raw: string): string[] {
  return nameWords(raw).map(canonicalWord);
}
