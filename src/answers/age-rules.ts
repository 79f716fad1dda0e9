/** Ages in questions and the age ranges of age rules ("umur 18 sampai 39 tahun"). */
import type { Fact } from '../destinations/destination-schema.js';

/**
 * The age range of an age rule: its value (a minimum or maximum) and the range its text gives
 * ("umur 18 sampai 39 tahun", "23 to under 50", "21-45").
 */
export function ageRange(f: Fact): { min: number; max: number; maxExclusive: boolean } | undefined {
  const text = `${f.short.en} ${f.short.id}`;
  const m = /(\d{2})\s*(?:sampai|hingga|s\/d|-|–|to|until)\s*(?:(?:di\s*)?(?:bawah|under|below)\s*)?(\d{2})/i.exec(
    text,
  );
  if (m) {
    const under = /(?:bawah|under|below)\s*\d{2}/i.test(m[0]);
    return { min: Number(m[1]), max: Number(m[2]), maxExclusive: under };
  }
  if (!f.value) return undefined;
  const per = f.value.per ?? '';
  if (/min/.test(per)) return { min: f.value.amount, max: Number.POSITIVE_INFINITY, maxExclusive: false };
  if (/max/.test(per)) return { min: 0, max: f.value.amount, maxExclusive: false };
  return undefined;
}

/** An age the question states ("umur 17", "usia 45 thn", "I am 22 years old"). */
export function ageIn(text: string): number | undefined {
  const m =
    /(?:umur|usia|umurku|usiaku|age|aged|i am|im)\s*(\d{1,2})(?!\d)/i.exec(text) ??
    /(?<![\d.,])(\d{1,2})\s*(?:tahun|thn|th|years? old|yo|y\.o\.)(?![a-z])/i.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(n) && n >= 10 && n <= 80 ? n : undefined;
}
