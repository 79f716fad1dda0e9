/**
 * Sparse features of a normalised message for the intent and category classifiers:
 * stems, stem bigrams, words in the scope of a negation, and a few signals (a complaint
 * code, a country, an agency name, a question, no domain word at all).
 */
import type { FeatureVector } from './linear-model.js';
import { TICKET_TOKEN } from './text-clean.js';

export interface Signals {
  ticket: boolean;
  country: boolean;
  agencyName: boolean;
  question: boolean;
  /** Further named features (the danger-signal layer's markers: `#hz`, `#past`, ...). */
  tags?: readonly string[];
}

/** Words this long also give their first letters as a feature (English and unknown word forms). */
const PREFIX_MIN = 6;
const PREFIX = 5;

const NEGATION_SCOPE = 3;
const MONEY_UNITS = new Set([
  'juta',
  'ribu',
  'rp',
  'rupiah',
  'ringgit',
  'dollar',
  'dolar',
  'nt',
  'riyal',
  'yen',
  'won',
]);

export interface FeatureSpace {
  /** Stems that signal the domain (migration, work, complaints); none of them => `#nodomain`. */
  domain: ReadonlySet<string>;
  negators: ReadonlySet<string>;
}

export function featurize(stems: readonly string[], signals: Signals, space: FeatureSpace): FeatureVector {
  const f = new Set<string>();
  let domainHit = false;
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i] as string;
    if (/^\d+$/.test(s)) {
      f.add(MONEY_UNITS.has(stems[i + 1] ?? '') ? '#money' : '#num');
      continue;
    }
    f.add(`u:${s}`);
    if (s.length >= PREFIX_MIN) f.add(`p:${s.slice(0, PREFIX)}`);
    if (space.domain.has(s)) domainHit = true;
    const next = stems[i + 1];
    if (next !== undefined) f.add(`b:${s}_${/^\d+$/.test(next) ? '#' : next}`);
    if (space.negators.has(s)) {
      for (let k = i + 1; k <= Math.min(stems.length - 1, i + NEGATION_SCOPE); k++) f.add(`n:${stems[k]}`);
    }
  }
  if (signals.ticket || stems.includes(TICKET_TOKEN)) f.add('#ticket');
  if (signals.country) f.add('#country');
  if (signals.agencyName) f.add('#agency');
  if (signals.question) f.add('#q');
  for (const t of signals.tags ?? []) f.add(t);
  if (!domainHit) f.add('#nodomain');
  if (stems.length <= 3) f.add('#short');
  else if (stems.length > 25) f.add('#long');
  const value = 1 / Math.sqrt(Math.max(1, f.size));
  const x: FeatureVector = new Map();
  for (const k of f) x.set(k, value);
  return x;
}
