/**
 * The phone lines a person in danger is shown, in their language: the destination's own
 * emergency numbers and the Indonesian mission there (from data/destinations), mental-health
 * lines for suicidal talk, and the Indonesia-wide 24-hour lines (flows/content/
 * emergency-contacts.yaml). Numbers flagged `verify` are left out when the operator hides
 * unverified content.
 */
import type { EmergencyContacts } from '../content/faq-content.js';
import type { Destination } from './destination-schema.js';
import type { DestinationSet } from './load-destinations.js';

type Lang = 'id' | 'en';
type T = (lang: Lang, key: string, params?: Record<string, string | number>) => string;

export interface ContactRequest {
  country?: string | undefined;
  suicide: boolean;
  /** `destination`: only the lines of the country (its emergency numbers, mission, hotline). */
  scope?: 'all' | 'destination';
}

export type ContactLines = (lang: Lang, request: ContactRequest) => string[];

/** Services shown in an emergency, in this order (others, like anti-scam lines, are not). */
const URGENT_SERVICES = ['police', 'ambulance', 'unified_emergency_riyadh_makkah_eastern', 'fire'];
const MAX_MISSIONS = 2;

export function createContactLines(deps: {
  destinations: DestinationSet;
  contacts: EmergencyContacts;
  t: T;
  hideUnverified: boolean;
}): ContactLines {
  const { t, contacts } = deps;
  const verify = new Set(contacts.verify ?? []);
  const keys = (list: readonly string[]) => list.filter((k) => !(deps.hideUnverified && verify.has(k)));

  const local = (lang: Lang, d: Destination): string[] => {
    const lines: string[] = [];
    // One line per number: "999 (polisi, ambulans)".
    const byNumber = new Map<string, string[]>();
    for (const service of URGENT_SERVICES) {
      for (const e of d.emergency.filter((x) => x.service === service)) {
        const list = byNumber.get(e.number) ?? [];
        list.push(t(lang, `contacts.service.${service}`));
        byNumber.set(e.number, list);
      }
    }
    if (byNumber.size > 0) {
      const numbers = [...byNumber].map(([n, s]) => `${n} (${[...new Set(s)].join(', ')})`).join(' · ');
      lines.push(t(lang, 'contacts.local_emergency', { country: d.name[lang], numbers }));
    }
    for (const m of d.missions.slice(0, MAX_MISSIONS)) {
      if (deps.hideUnverified && m.verify) continue;
      const phones = m.hotlines.length > 0 ? m.hotlines : m.phones;
      if (phones.length === 0) continue;
      lines.push(t(lang, 'contacts.mission', { name: m.name[lang], phones: phones.join(', ') }));
    }
    // A destination's own 24-hour line that speaks Indonesian (Taiwan 1955, Hong Kong's).
    for (const h of d.labourHotlines) {
      if (deps.hideUnverified && h.verify) continue;
      if (h.languages.includes('id') && /24/.test(h.hours ?? '')) {
        lines.push(t(lang, 'contacts.labour_hotline', { name: h.name[lang], number: h.number }));
      }
    }
    return lines;
  };

  /** The destination's own crisis lines (one can call them from there; Indonesian numbers not always). */
  const crisis = (lang: Lang, d: Destination): string[] =>
    d.emergency
      .filter((e) => e.service === 'crisis_line')
      .map((e) => t(lang, 'contacts.crisis_line', { number: e.number, note: e.note ?? '' }).replace(/ \(\)$/, ''));

  return (lang, request) => {
    const d = request.country ? deps.destinations.get(request.country) : undefined;
    if (request.scope === 'destination')
      return d ? [...(request.suicide ? crisis(lang, d) : []), ...local(lang, d)] : [];
    const lines = [
      ...(request.suicide && d ? crisis(lang, d) : []),
      ...(request.suicide ? keys(contacts.suicide ?? []).map((k) => t(lang, k)) : []),
      ...(d ? local(lang, d) : []),
      ...keys(contacts.default).map((k) => t(lang, k)),
    ];
    return [...new Set(lines)];
  };
}
