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

/**
 * An age the question states ("umur 17", "usia aku udah 45 thn", "yuswa 41 taun", "I'm 22 years
 * old"): a word of age, a pronoun or "udah" at most, then the number; or a number of years.
 */
const AGE_WORD =
  /(?:\b(?:umur|usia|umurku|usiaku|umurnya|usianya|umure|yuswa|yuswana|yuswane|yuswaku|age|aged)|\bi\s*am|\bi'?m)\s*(?:(?:saya|aku|sy|aq|gue|gw|abdi|kula|kulo|ku|adik|anak)\s+)?(?:(?:sudah|udah|udh|sdh|wis|wes|baru|skrg|sekarang|masih|mau|menjelang|hampir|already|almost|now)\s+)?(\d{1,2})(?!\d)/i;
const YEARS_OLD = /(?<![\d.,])(\d{1,2})\s*(?:tahun|thn|th|taun|tahunan|warsa|years? old|yo|y\.o\.)(?![a-z])/i;
/**
 * "kerja 12 tahun", "udah 15 tahun di HK", "kontrak 2 tahun": years of work, not an age; nor
 * "e-paspor 10 tahun", "visa 2 tahun", "berlaku 5 tahun": how long a paper is valid.
 */
const DURATION_BEFORE =
  /\b(?:kerja|bekerja|selama|sudah|udah|udh|sdh|kontrak|lama|masa|sejak|sampai|sampe|hingga|until|up to|maksimal|max|diperpanjang|perpanjang|for|worked|working|served|wis|wes|pengalaman|paspor|passport|visa|permit|izin|berlaku|valid|validity|iqama|arc)\W+(?:\w+\W+){0,2}$/i;
export function ageIn(text: string): number | undefined {
  const years = YEARS_OLD.exec(text);
  const m =
    AGE_WORD.exec(text) ??
    (years && !(/tahun|thn|th|taun|tahunan|warsa/i.test(years[0]) && DURATION_BEFORE.test(text.slice(0, years.index)))
      ? years
      : null);
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(n) && n >= 10 && n <= 80 ? n : undefined;
}
