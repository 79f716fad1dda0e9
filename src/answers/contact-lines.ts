/**
 * Who to call, as reply lines: a destination's emergency numbers, its Indonesian missions, and
 * where to report a breach (the destination's labour lines, the mission in the city asked about,
 * then Indonesia's KP2MI, which answers from anywhere). Pure over data/destinations.
 */
import type { Destination } from '../destinations/destination-schema.js';
import type { DestinationSet } from '../destinations/load-destinations.js';

type Lang = 'id' | 'en';
type T = (lang: Lang, key: string, params?: Record<string, string | number>) => string;
type Mission = Destination['missions'][number];
type Hotline = Destination['labourHotlines'][number];

export function createContactLines(deps: {
  destinations: DestinationSet;
  t: T;
  visible: (entry: { verify: boolean }) => boolean;
}) {
  const { t, visible } = deps;
  const reachable = (d: Destination) => d.missions.filter((m) => visible(m) && m.hotlines.length + m.phones.length > 0);
  // "where is the embassy?" is answered by a mission whose number we lack too (Brunei's), with its
  // web page or address instead of a number.
  const located = (d: Destination) =>
    d.missions.filter((m) => visible(m) && (m.hotlines.length + m.phones.length > 0 || Boolean(m.web || m.address)));
  const missionText = (lang: Lang, m: Mission) =>
    t(lang, 'contacts.mission', {
      name: m.name[lang],
      phones: [...m.hotlines, ...m.phones].join(', ') || m.address || m.web || '',
    });
  const hotlineText = (lang: Lang, h: Hotline) =>
    t(lang, 'contacts.labour_hotline', { name: h.name[lang], number: h.number });

  /** Where to report a breach of the rule just quoted: the destination's own line, else KP2MI. */
  function reportLine(lang: Lang, d: Destination): string | undefined {
    const h = d.labourHotlines.find(visible) ?? deps.destinations.get('ID')?.labourHotlines.find(visible);
    return h ? t(lang, 'answers.report_to', { name: h.name[lang], number: h.number }) : undefined;
  }

  /** The lines for a contact topic (`emergency_number`, `mission`, else where to report). */
  function contactLines(lang: Lang, d: Destination, topic: string, query = ''): string[] {
    if (topic === 'emergency_number')
      return d.emergency
        .filter((e) => e.service !== 'crisis_line')
        .map((e) => t(lang, 'answers.contact', { name: t(lang, `contacts.service.${e.service}`), number: e.number }));
    if (topic === 'mission') return located(d).map((m) => missionText(lang, m));
    // The destination's own lines, the Indonesian mission there (a relative at home asking "lapor
    // ke mana" needs it most): the one in the city the question names, else the first; then KP2MI.
    const home = d.country === 'ID' ? [] : (deps.destinations.get('ID')?.labourHotlines ?? []);
    const own = d.labourHotlines.filter(visible).slice(0, 3);
    const asked = query.toLowerCase();
    const missions = d.country === 'ID' ? [] : reachable(d);
    const mission = missions.find((m) => m.city && asked.includes(m.city.toLowerCase())) ?? missions[0];
    const rest = home.filter(visible).slice(0, Math.max(1, 4 - own.length - (mission ? 1 : 0)));
    return [
      ...own.map((h) => hotlineText(lang, h)),
      ...(mission ? [missionText(lang, mission)] : []),
      ...rest.map((h) => hotlineText(lang, h)),
    ];
  }

  return { reportLine, contactLines };
}
