/**
 * The danger-signal layer: high-recall emergency rules from flows/intents/emergency.yaml.
 * Rule 2 of the labelling guide: life or safety at risk right now. A hazard phrase counts
 * unless it is negated ("tidak dipukul", "ga ada yg mukul", "nobody hit me"), over ("dulu",
 * "sudah pulang", "last year"), hypothetical ("kalau misalnya", "what if", "jaga-jaga") or a
 * question about the rules ("apakah majikan boleh ...") with nothing pointing to now.
 * Suicidal talk always counts. Hazards are listed by priority: the first found gives the
 * category. Besides the verdict it reports the markers it saw (past, present, safe,
 * hypothetical, question, distress, who reports), which the classifier also learns from.
 */
import type { Category, EmergencyRules } from './nlu-model.js';
import { compilePattern, type Doc, findAll, type Match, type Pattern } from './phrase-matcher.js';

export interface EmergencyMarkers {
  past: boolean;
  present: boolean;
  safe: boolean;
  question: boolean;
  hypothetical: boolean;
  /** The harm is in a film, drama or novel the writer speaks of. */
  fiction: boolean;
  denial: boolean;
  /** Death words said of tiredness and made light ("capek mau mati rasanya, besok libur mau tidur"). */
  idiom: boolean;
  /** Said in jest ("becanda dia", "joking lah"), not denied ("bukan becanda"). */
  joke: boolean;
}

export interface EmergencyVerdict {
  emergency: boolean;
  suicide: boolean;
  /** A hazard phrase occurred but the rules judged it negated, over or hypothetical. */
  dismissed: boolean;
  /** Category of the first hazard found, also when the harm is over (for complaint.new). */
  category?: Category;
  /** Ids of the hazards found (negated ones left out). */
  hazards: string[];
  /** A hazard phrase occurred only negated ("ga ada yg mukul"). */
  negated: boolean;
  markers: EmergencyMarkers;
  /** Words of fear or distress ("takut", "tolong", "scared"); emoji are checked on the raw text. */
  distress: boolean;
  /** Who is in trouble, when the writer names a relative or a friend. */
  reporter?: 'family' | 'other';
}

interface CompiledHazard {
  id: string;
  category: Category;
  patterns: Pattern[];
  negatable: boolean;
  needsPresent: boolean;
  with: Pattern[];
  unless: Pattern[];
  suicide: boolean;
}

/** How far back a negation may stand before the word it negates ("tidak ada yang pernah pukul"). */
const NEGATION_REACH = 4;
/**
 * How near a time marker must be to the harm to date it: "dulu ... dipukul" dates the blow,
 * while "bayar dulu" or "masih ga terima" far from it does not.
 */
const PAST_REACH = 10;
const PRESENT_REACH = 5;
/**
 * How near a hazard's `with` phrase must be: "tangan saya patah ... (two sentences on) ...
 * klaim saya ditolak" is an insurance complaint, not care refused.
 */
const WITH_REACH = 20;
/** At most this many words between the word of tiredness and the death words of an idiom. */
const TIRED_REACH = 5;
/** Hypothetical and rule-question markers count when they come before the harm, this close. */
const QUESTION_REACH = 12;

export type EmergencyDetector = (doc: Doc) => EmergencyVerdict;

/**
 * The stems that deny what follows. A negator the normaliser spells out in several words
 * ("takde", "tiada" -> "tidak ada") denies through its first word only: "ada" alone is not a
 * negation ("ada yang mukul aku"). ("no" stays one although chat also writes it for "nomor":
 * "no hp majikan" is not followed by a bridge word, so it denies nothing.)
 */
export function negatorStems(words: readonly string[], toDoc: (text: string) => Doc): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const first = toDoc(w).stems[0];
    if (first) out.add(first);
  }
  return out;
}

export function createEmergencyDetector(rules: EmergencyRules, toDoc: (text: string) => Doc): EmergencyDetector {
  const compile = (list: readonly string[]) =>
    list.map((p) => compilePattern(p, toDoc)).filter((p): p is Pattern => p !== null);
  const hazards: CompiledHazard[] = rules.hazards.map((h) => ({
    id: h.id,
    category: h.category,
    patterns: compile(h.phrases),
    negatable: h.negatable,
    needsPresent: h.needsPresent,
    with: compile(h.with),
    unless: compile(h.unless),
    suicide: h.suicide,
  }));
  const suicide = compile(rules.suicide);
  const negators = negatorStems(rules.negators, toDoc);
  const bridge = new Set(rules.negationBridge.flatMap((n) => toDoc(n).stems));
  const past = compile(rules.past);
  const present = compile(rules.present);
  const safe = compile(rules.safe);
  const denial = compile(rules.denial);
  const question = compile(rules.generalQuestion);
  const hypothetical = compile(rules.hypothetical);
  const offer = compile(rules.offer);
  const joke = compile(rules.joke);
  const offerRealised = compile(rules.offerRealised);
  const fiction = compile(rules.fiction);
  const tired = compile(rules.tiredIdiom.tired);
  const light = compile(rules.tiredIdiom.light);
  const distress = compile(rules.distress);
  const reportedDeath = compile(rules.reportedDeath);
  const remains = compile(rules.remains);
  const family = compile(rules.reporters.family);
  const others = compile(rules.reporters.other);

  const any = (patterns: Pattern[], doc: Doc) => patterns.some((p) => findAll(p, doc).length > 0);
  // "tidak dipukul", "tidak pernah dipukul", "tidak ada yang mukul" are negated; "kalau tidak
  // mau, dipukul" is not (the word before the verb is not a bridge word).
  const negated = (m: Match, doc: Doc) => {
    for (let k = m.start - 1; k >= Math.max(0, m.start - NEGATION_REACH); k--) {
      const s = doc.stems[k] ?? '';
      if (negators.has(s)) return true;
      if (!bridge.has(s)) return false;
    }
    return false;
  };
  /** The matches that are not negated, and whether any match occurred at all. */
  const occurrence = (patterns: Pattern[], negatable: boolean, doc: Doc): { live: Match[]; mentioned: boolean } => {
    const live: Match[] = [];
    let mentioned = false;
    for (const p of patterns) {
      const matches = findAll(p, doc);
      if (matches.length === 0) continue;
      mentioned = true;
      for (const m of matches) if (!negatable || !negated(m, doc)) live.push(m);
    }
    return { live, mentioned };
  };
  const allMatches = (patterns: Pattern[], doc: Doc) => patterns.flatMap((p) => findAll(p, doc));
  /** Some marker lies within `reach` words of some harm (before or after it). */
  const near = (markers: Match[], harms: Match[], reach: number) =>
    markers.some((a) => harms.some((h) => a.start <= h.end - 1 + reach && a.end - 1 >= h.start - reach));
  /** Some marker starts before some harm, at most `reach` words before it. */
  const before = (markers: Match[], harms: Match[], reach: number) =>
    markers.some((a) => harms.some((h) => a.start <= h.start && h.start - a.start <= reach));

  /**
   * A sign of now close before a harm ("sekarang dipukul"), or close after one that no sign of the
   * past precedes ("dia pukul aku sekarang"). After a harm dated in the past, "now" begins the
   * news of today ("dulu sering ditampar. skrg aku udah pulang", "dulu dipukul kapten, sampe skrg
   * masih trauma"), not the harm.
   */
  const presentFor = (nowAt: Match[], pastAt: Match[], harms: Match[]) =>
    harms.some((h) => {
      const dated = pastAt.some((a) => a.start < h.start && h.start - a.start <= PAST_REACH);
      return nowAt.some((a) =>
        a.start <= h.start ? h.start - (a.end - 1) <= PRESENT_REACH : !dated && a.start - (h.end - 1) <= PRESENT_REACH,
      );
    });

  /**
   * Every suicidal phrase follows a word of tiredness closely, the message makes it light, and
   * nothing in it speaks of fear or giving up: exhaustion put strongly, not talk of ending life.
   */
  const tiredIdiom = (said: Match[], doc: Doc) => {
    if (said.length === 0 || any(distress, doc)) return false;
    // "besok mau tidur selamanya" is no day off: a light phrase inside the death words does not count.
    const overlaps = (a: Match) => said.some((m) => a.start < m.end && m.start < a.end);
    if (!allMatches(light, doc).some((a) => !overlaps(a))) return false;
    const tiredAt = allMatches(tired, doc);
    return said.every((m) => tiredAt.some((t) => t.start < m.start && m.start - t.end <= TIRED_REACH));
  };

  return (doc) => {
    const suicideSeen = occurrence(suicide, true, doc);
    const idiom = tiredIdiom(suicideSeen.live, doc);
    let isSuicide = suicideSeen.live.length > 0 && !idiom;
    const presentAt = allMatches(present, doc);
    const found: CompiledHazard[] = [];
    const harms: Match[] = idiom ? [] : [...suicideSeen.live];
    let negatedOnly = false;
    for (const h of hazards) {
      const seen = occurrence(h.patterns, h.negatable, doc);
      if (seen.live.length === 0) {
        if (seen.mentioned) negatedOnly = true;
        continue;
      }
      if (h.with.length > 0 && !near(allMatches(h.with, doc), seen.live, WITH_REACH)) continue;
      if (h.unless.length > 0 && any(h.unless, doc)) continue;
      if (h.needsPresent && !near(presentAt, seen.live, PRESENT_REACH)) continue;
      found.push(h);
      harms.push(...seen.live);
    }
    const storyAt = occurrence(fiction, true, doc).live;
    const markers: EmergencyMarkers = {
      past: near(allMatches(past, doc), harms, PAST_REACH),
      present: presentFor(presentAt, allMatches(past, doc), harms),
      safe: any(safe, doc),
      question: before(allMatches(question, doc), harms, QUESTION_REACH),
      hypothetical:
        before(allMatches(hypothetical, doc), harms, QUESTION_REACH) ||
        (!any(offerRealised, doc) && before(allMatches(offer, doc), harms, QUESTION_REACH)),
      // With no harm found, a story or the news named anywhere ("sedih baca berita kapal tenggelam").
      // "Ini bukan drama" is not one.
      fiction: harms.length > 0 ? near(storyAt, harms, QUESTION_REACH) : storyAt.length > 0,
      denial: any(denial, doc),
      idiom,
      joke: occurrence(joke, true, doc).live.length > 0,
    };
    if (found.some((h) => h.suicide)) isSuicide = true;
    const first = found[0];
    const category: Category | undefined = isSuicide ? 'other' : first?.category;
    const reporter = any(family, doc) ? 'family' : any(others, doc) ? 'other' : undefined;
    const verdict: EmergencyVerdict = {
      emergency: false,
      suicide: isSuicide,
      dismissed: false,
      hazards: found.map((h) => h.id),
      negated: negatedOnly && !first,
      markers,
      distress: any(distress, doc),
      ...(category ? { category } : {}),
      ...(reporter ? { reporter } : {}),
    };
    // "Katanya bunuh diri" about a death: a report of what happened, not talk of suicide now.
    const deathReport = any(reportedDeath, doc) && !markers.present;
    if (isSuicide && deathReport) return { ...verdict, suicide: false, dismissed: true, category: 'death' };
    if (isSuicide) return { ...verdict, emergency: !markers.hypothetical || markers.present };
    if (!first) return { ...verdict, dismissed: negatedOnly };
    // An injury or illness of someone who has died: a death to report, not care to fetch now.
    // ("hampir meninggal, sekarang pingsan" is no death: only the body named overrides a "now".)
    if ((deathReport || any(remains, doc)) && found.every((h) => h.category === 'illness_injury'))
      return { ...verdict, dismissed: true, category: 'death' };
    const over = markers.safe || markers.fiction || (markers.past && !markers.present);
    const notNow = !markers.present && (markers.question || markers.hypothetical || markers.denial);
    const emergency = !over && !notNow;
    return { ...verdict, emergency, dismissed: !emergency };
  };
}
