/**
 * What a fee question says about time: the year of the contract the worker is in ("udh taun ke-3",
 * "3rd year", "tahun ketiga") and whether the amount is taken every month ("tiap bulan dipotong").
 * Per-year fee schedules (Taiwan's broker fee falls in the second and third year) need both.
 */
const ORDINALS: Record<string, number> = {
  pertama: 1,
  kedua: 2,
  ketiga: 3,
  keempat: 4,
  kelima: 5,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
};
const YEAR =
  /(?:tahun|taun|thn|th)\s*(?:ke\s*-?\s*)?(\d)\b|(?:tahun|taun|thn)\s+(pertama|kedua|ketiga|keempat|kelima)|(\d)(?:st|nd|rd|th)\s+year|(first|second|third|fourth|fifth)\s+year|year\s+(\d)\b/i;
const MONTHLY =
  /\b(?:tiap|setiap|per|saben|unggal)\s*(?:bulan|bln|wulan|sasih)\b|\bsebulan\b|\/\s*(?:bln|bulan|month|mo)\b|\b(?:every|each|a|per)\s+month\b|\bmonthly\b/i;

/** The contract year the question is about (1-9), when it says one. */
export function contractYearIn(text: string): number | undefined {
  const m = YEAR.exec(text);
  if (!m) return undefined;
  const raw = m[1] ?? m[3] ?? m[5];
  const n = raw ? Number(raw) : ORDINALS[(m[2] ?? m[4] ?? '').toLowerCase()];
  return n && n >= 1 && n <= 9 ? n : undefined;
}

/** The amount is taken or paid every month. */
export function saysMonthly(text: string): boolean {
  return MONTHLY.test(text);
}
