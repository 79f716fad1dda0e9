/**
 * Money as workers write it: "30jt", "15 juta", "Rp 30.000.000", "HKD 3000 x 6",
 * "NT$1800/bln", "10rb HKD", "RM1,500", "3 bulan potong gaji". Returns each amount with its
 * currency (when one is named or implied by a rupiah multiplier), how often it is paid
 * (per month) and a repeat count ("x 6"). A salary deduction in months ("potong gaji 3 bulan")
 * is an amount in months of wage. Pure; the currency words come from data/answers/currencies.yaml.
 */

/** Small numbers written as words, for "two months' salary", "dua bulan gaji". */
const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  satu: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
};

export interface Amount {
  value: number;
  /** ISO 4217; absent when the text names none. `MONTHS` for "n months of salary". */
  currency?: string;
  /** Paid every month ("/bln", "per bulan", "sebulan"). */
  perMonth?: boolean;
  /** "x 6", "selama 6 bulan": how many times. */
  times?: number;
  /** Rupiah only because of a multiplier word ("18rb"): abroad it may be local money ("NT$18.000"). */
  implied?: boolean;
  /** Written with a bare word that several currencies share ("dolar", "dinar", "riyal"). */
  bare?: boolean;
}

export interface CurrencyWords {
  currencies: { code: string; aliases: string[]; bareWords?: string[] | undefined }[];
  multipliers: { words: string[]; factor: number }[];
}

const NUMBER = String.raw`\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?`;
const MAX_TEXT = 4000;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "30.000.000" and "4,990" group thousands; "1,5" and "2.5" are decimals. */
export function parseNumber(raw: string): number {
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(raw)) return Number(raw.replace(/[.,]/g, ''));
  return Number(raw.replace(',', '.'));
}

export function createAmountReader(words: CurrencyWords): (text: string) => Amount[] {
  const alias = new Map<string, string>();
  for (const c of words.currencies) for (const a of c.aliases) alias.set(a.toLowerCase(), c.code);
  const bareWords = new Set(words.currencies.flatMap((c) => c.bareWords ?? []).map((w) => w.toLowerCase()));
  const factor = new Map<string, number>();
  for (const m of words.multipliers) for (const w of m.words) factor.set(w.toLowerCase(), m.factor);
  // Longest first, so "hk$" wins over "$" and "dolar hk" over "dolar".
  const aliasAlt = [...alias.keys()]
    .filter((a) => !factor.has(a))
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  const factorAlt = [...factor.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  const cur = aliasAlt ? `(?:${aliasAlt})` : '(?!)';
  const mul = factorAlt ? `(?:${factorAlt})` : '(?!)';
  const re = new RegExp(
    // A currency word starts a word: "udh 14 bulan" is not 14 dirham ("dh").
    String.raw`(?:(?<![a-z])(?<pre>${cur}))?\s*(?<num>${NUMBER})\s*(?<mul>${mul})?(?![a-z])\s*(?<post>${cur})?(?![a-z])` +
      String.raw`(?:\s*(?:(?:\/|per|tiap|setiap|a|each)\s*(?<per>bulan|bln|month|mo)|(?<per2>sebulan|perbulan|monthly|a month)))?` +
      String.raw`(?:\s*(?:x|×|kali)\s*(?<times>\d{1,2})(?!\d))?`,
    'giu',
  );
  // "potong gaji 3 bulan", "3 bulan potongan", "komisi 1 bulan gaji", "two months' salary".
  // Also "4 months of my salary", "2 bulan dari gaji", "dua bulan gaji".
  const deduction =
    /(?:potong(?:an)?\s*gaji|gaji\s*dipotong|salary\s*deduct\w*|deduct\w*)\D{0,12}?(\d{1,2}|one|two|three|four|five|six|satu|dua|tiga|empat|lima|enam)\s*(?:bulan|bln|months?)|(\d{1,2}|one|two|three|four|five|six|satu|dua|tiga|empat|lima|enam)\s*(?:bulan|bln|months?)'?\s*(?:of\s+(?:(?:my|her|his|your|their|the)\s+)?|dari\s+)?(?:potong(?:an)?|dipotong|deduct\w*|gaji|salary|wages?|pay\b)/giu;

  return (raw) => {
    const text = raw.slice(0, MAX_TEXT).toLowerCase();
    const out: Amount[] = [];
    const taken: [number, number][] = [];
    for (const m of text.matchAll(deduction)) {
      const said = (m[1] ?? m[2] ?? '').toLowerCase();
      const months = WORD_NUMBERS[said] ?? Number(said);
      if (months > 0) {
        out.push({ value: months, currency: 'MONTHS' });
        taken.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
      }
    }
    for (const m of text.matchAll(re)) {
      const g = m.groups ?? {};
      if (!g.num) continue;
      const at = m.index ?? 0;
      if (taken.some(([a, b]) => at >= a && at < b)) continue;
      const currency = g.pre ? alias.get(g.pre) : g.post ? alias.get(g.post) : undefined;
      const f = g.mul ? (factor.get(g.mul) ?? 1) : 1;
      // A bare number is an amount only with a currency or a rupiah multiplier ("30jt").
      if (!currency && f === 1) continue;
      const value = parseNumber(g.num) * f;
      if (!Number.isFinite(value) || value <= 0) continue;
      const amount: Amount = { value };
      const code = currency ?? (f >= 1000 ? 'IDR' : undefined);
      if (code) amount.currency = code;
      if (!currency && code) amount.implied = true;
      if (bareWords.has((g.pre ?? g.post ?? '').toLowerCase())) amount.bare = true;
      if (g.per || g.per2) amount.perMonth = true;
      if (g.times) amount.times = Number(g.times);
      out.push(amount);
    }
    return out;
  };
}
