/**
 * A phone number a worker types as "a safe number to call" ("Nomor lain"), parsed and
 * normalised with libphonenumber-js (Google's metadata, full set): written as people write
 * it ("0812-3456-7890", "+886 912 345 678", "62 812..."), stored as E.164 so staff can call
 * it from anywhere. A number without a country code is read as a number of the complaint's
 * country first, then of Indonesia (families at home give 08... numbers).
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type ContactNumber = { ok: true; e164: string; international: string; country?: string } | { ok: false };

export function normalizeContactNumber(text: string, country?: string): ContactNumber {
  const raw = text.trim();
  if (!/\d/.test(raw) || raw.replace(/\D/g, '').length < 6 || raw.length > 40) return { ok: false };
  const candidates: (CountryCode | undefined)[] = [];
  if (country && isSupportedCountry(country)) candidates.push(country);
  if (!candidates.includes('ID')) candidates.push('ID');
  // "62812..." without the plus: try it as an international number too.
  const variants = /^\d/.test(raw) && !raw.startsWith('0') ? [raw, `+${raw}`] : [raw];
  for (const variant of variants) {
    for (const region of candidates) {
      const parsed = parsePhoneNumberFromString(variant, region);
      if (parsed?.isValid()) {
        return {
          ok: true,
          e164: parsed.number,
          international: parsed.formatInternational(),
          ...(parsed.country ? { country: parsed.country } : {}),
        };
      }
    }
  }
  return { ok: false };
}
