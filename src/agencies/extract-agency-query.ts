import { COMPANY_NAMED } from '../core/company-form.js';

/**
 * Pulls the company part out of a chat message: "pt sinar jaya abadi resmi gk?" -> "pt sinar
 * jaya abadi", "apakah PT. Bumi Sejahtera terdaftar di BP2MI" -> "PT. Bumi Sejahtera". The
 * name starts at a legal form (PT, CV) or after the leading filler words, and ends at a word
 * that starts the question ("resmi", "terdaftar", "gk", "itu", "di" ...) or at punctuation.
 */

/** Words that start or surround the question; never the start of a name. */
const LEADING = new Set(
  (
    'cek check cekin ceklah tolong tlg tolongin mohon minta bantu bantuin please pls plz halo hallo hai hi ' +
    'min kak ka kakak gan sis bang mas mbak mba bu pak admin apakah apa apakh apkh gimana bagaimana gmn ' +
    'mau mo pengen pengin ingin tanya nanya tnya bertanya info informasi soal tentang about is are does do ' +
    'saya aku sy aq gw gue kami kita direkrut dihubungi ditawari oleh sama dari lewat via ' +
    'agensi agency agensinya agen perusahaan perusahaannya pjtki pptkis p3mi ppmi penyalur sponsor lembaga ' +
    'nama namanya kantor yang yg ini itu the company recruiter recruitment agent kenal tau tahu ada ' +
    'nomor no nomer lisensi licence license izin ijin sip3mi sipppmi ' +
    'resmi legal ilegal terdaftar berizin sah asli'
  ).split(' '),
);

/** Words that end the name for sure. */
const STOP = new Set(
  (
    'resmi legal ilegal illegal terdaftar daftar berizin izin ijin izinnya ijinnya lisensi lisensinya licensed ' +
    'registered official bodong penipu penipuan palsu abal abal2 itu ini gk gak ga nggak ngga enggak engga tidak ' +
    'tdk g ya yah yaa yak kah dong donk deh sih masih sudah udah udh belum blm apa apakah bukan atau ato is are ' +
    'di ke yg yang punya kak min gan sis bang mas mbak bu pak kok ko terpercaya dipercaya bisa boleh aman ' +
    // What the company did ("PT Bintang Sawo minta 35jt buat ke taiwan"): the name ends before it.
    'minta meminta mintain narik menarik bayar dibayar suruh disuruh nyuruh buat untuk'
  ).split(' '),
);

/** Words that end a name only when nothing but filler follows ("PT Aman Sentosa" keeps "Aman"). */
const WEAK_STOP = new Set(['aman', 'asli', 'sah', 'benar', 'bener', 'betul', 'bisa', 'boleh', 'terpercaya']);

/** Chat words that are not part of a company name unless the registry has them. */
export function isFillerWord(word: string): boolean {
  return LEADING.has(word) || STOP.has(word);
}

const LEGAL_FORM = /^(p\.?\s?t\.?|cv\.?)$/i;
/** "Bagaimana cara memastikan agen ... berizin?" asks how to check, not about a company. */
const HOW_TO =
  /^\W*(?:(?:bagaimana|gimana|gmn|gmana|piye|kumaha)\s+(?:cara|caranya)|cara(?:nya)?\s+(?:cek|mengecek|ngecek|memastikan|mastiin|tahu|mengetahui|tau)|how\s+(?:do|can|to|should)\b)/i;

/** A question on how to check a recruiter, naming no company (no PT or CV in it). */
export function isHowToCheck(text: string): boolean {
  return HOW_TO.test(text) && !COMPANY_NAMED.test(text);
}

/** The company name or licence number in `text`, or null when there is none. */
export function extractAgencyQuery(text: string): string | null {
  const clauses = text
    .replace(/[“”"«»]/g, ' ')
    .split(/[,?!;:\n]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const candidates = clauses.map(nameIn).filter((c): c is string => c !== null);
  const withLegalForm = candidates.find((c) => LEGAL_FORM.test(c.split(/\s+/)[0] ?? ''));
  return withLegalForm ?? candidates[0] ?? null;
}

function bare(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

function nameIn(clause: string): string | null {
  const words = clause.split(/\s+/).filter((w) => bare(w) !== '');
  let start = words.findIndex((w) => LEGAL_FORM.test(w.replace(/[^\p{L}.]/gu, '')));
  if (start === -1) {
    start = 0;
    while (start < words.length && LEADING.has(bare(words[start]!))) start++;
  }
  const picked: string[] = [];
  for (let i = start; i < words.length; i++) {
    const w = bare(words[i]!);
    if (picked.length > 0 && STOP.has(w) && !WEAK_STOP.has(w)) break;
    if (picked.length > 0 && WEAK_STOP.has(w) && words.slice(i + 1).every((x) => STOP.has(bare(x)))) break;
    picked.push(words[i]!);
  }
  const name = picked
    .join(' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.)]+$/gu, '')
    .trim();
  if (!/[\p{L}\p{N}]{2,}/u.test(name.replace(/^(p\.?\s?t\.?|cv\.?)\s*/i, ''))) return null;
  return name.slice(0, 120);
}
