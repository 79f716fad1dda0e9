/**
 * High-recall emergency detection from the rules in flows/intents/emergency.yaml.
 * Rule 2 of the labelling guide: life or safety at risk right now. A hazard phrase counts
 * unless it is negated ("tidak dipukul"), over ("dulu", "sudah pulang"), a general question
 * ("apakah majikan boleh ...") or denied ("bukan darurat") with nothing pointing to now.
 * Suicidal talk always counts. Hazards are listed by priority: the first one found gives
 * the category.
 */
import type { Category, EmergencyRules } from './nlu-model.js';
import { compilePattern, type Doc, findAll, type Match, type Pattern } from './phrase-matcher.js';

export interface EmergencyVerdict {
  emergency: boolean;
  suicide: boolean;
  /** A hazard phrase occurred but the rules judged it negated, over or hypothetical. */
  dismissed: boolean;
  /** Category of the first hazard found, also when the harm is over (for complaint.new). */
  category?: Category;
  /** Ids of the hazards found (negated ones left out). */
  hazards: string[];
}

interface CompiledHazard {
  id: string;
  category: Category;
  patterns: Pattern[];
  negatable: boolean;
  needsPresent: boolean;
  with: Pattern[];
}

/** Words that may stand between a negation and the verb it negates ("tidak pernah dipukul"). */
const NEGATION_BRIDGE = new Set(['pernah', 'sempat', 'lagi', 'juga', 'sampai', 'lah']);

export type EmergencyDetector = (doc: Doc) => EmergencyVerdict;

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
  }));
  const suicide = compile(rules.suicide);
  const negators = new Set(rules.negators.flatMap((n) => toDoc(n).stems));
  const past = compile(rules.past);
  const present = compile(rules.present);
  const safe = compile(rules.safe);
  const denial = compile(rules.denial);
  const question = compile(rules.generalQuestion);

  const any = (patterns: Pattern[], doc: Doc) => patterns.some((p) => findAll(p, doc).length > 0);
  // "tidak dipukul", "tidak pernah dipukul" are negated; "kalau tidak mau, dipukul" is not.
  const negated = (m: Match, doc: Doc) => {
    const before = doc.stems[m.start - 1] ?? '';
    if (negators.has(before)) return true;
    return NEGATION_BRIDGE.has(before) && negators.has(doc.stems[m.start - 2] ?? '');
  };
  const live = (patterns: Pattern[], negatable: boolean, doc: Doc) =>
    patterns.some((p) => findAll(p, doc).some((m) => !negatable || !negated(m, doc)));
  /** live() and, when not live, whether a pattern occurred at all; each pattern matched once. */
  const liveOrMentioned = (patterns: Pattern[], negatable: boolean, doc: Doc): 'live' | 'mentioned' | 'none' => {
    let mentioned = false;
    for (const p of patterns) {
      const matches = findAll(p, doc);
      if (matches.length === 0) continue;
      if (matches.some((m) => !negatable || !negated(m, doc))) return 'live';
      mentioned = true;
    }
    return mentioned ? 'mentioned' : 'none';
  };

  return (doc) => {
    const isSuicide = live(suicide, true, doc);
    const isPresent = any(present, doc);
    const found: CompiledHazard[] = [];
    let negatedOnly = false;
    for (const h of hazards) {
      const occurrence = liveOrMentioned(h.patterns, h.negatable, doc);
      if (occurrence !== 'live') {
        if (occurrence === 'mentioned') negatedOnly = true;
        continue;
      }
      if (h.with.length > 0 && !any(h.with, doc)) continue;
      if (h.needsPresent && !isPresent) continue;
      found.push(h);
    }
    const first = found[0];
    const category: Category | undefined = isSuicide ? 'other' : first?.category;
    const verdict: EmergencyVerdict = {
      emergency: false,
      suicide: isSuicide,
      dismissed: false,
      hazards: found.map((h) => h.id),
    };
    if (category) verdict.category = category;
    if (isSuicide) return { ...verdict, emergency: true };
    if (!first) return { ...verdict, dismissed: negatedOnly };
    const over = any(safe, doc) || (any(past, doc) && !isPresent);
    const notNow = !isPresent && (any(question, doc) || any(denial, doc));
    const emergency = !over && !notNow;
    return { ...verdict, emergency, dismissed: !emergency };
  };
}
