/**
 * Which facts answer a question: by topic (the asked job's first, the fact whose yes/no phrases
 * the question uses first), related topics and Indonesia's own rules when the destination has
 * none, and the plain yes/no verdict they give. Pure over data/destinations.
 */
import type { Destination, Fact, Job } from '../destinations/destination-schema.js';
import type { DestinationSet } from '../destinations/load-destinations.js';
import type { PhraseHit } from '../nlu/nlu-types.js';
import { ageIn, ageRange } from './age-rules.js';

export type Verdict = 'yes' | 'no' | 'depends';

/** What the finder needs of a question. */
export interface FactQuestion {
  topics: readonly string[];
  job?: string | undefined;
  yesno: boolean;
  query: string;
  belowWeekly?: boolean | undefined;
  /** Asks whether someone's statement is true ("agen bilang ..., bener?"). */
  truthTag?: boolean | undefined;
  /** What the question asks of the rule ("required": "wajib?", "allowed": "boleh?"). */
  modal?: string | undefined;
}
/** Periods a wage is paid by ("how much" about the wage asks for one of these). */
export const PAY_PERIODS: ReadonlySet<string> = new Set(['month', 'hour', 'day', 'week']);
/** Words a phrase needs before it may confirm someone's statement with a plain "Ya". */
const MIN_CONFIRM_WORDS = 3;

/**
 * Where else to look when a destination has no fact on the asked topic: requirements often sit
 * in the visa or skills-test fact ("SSW: age 18+, skills test and N4").
 */
const RELATED_TOPICS: Record<string, string[]> = {
  age: ['visa', 'education'],
  bond: ['deductions'],
  education: ['visa', 'age'],
  documents: ['visa'],
  visa: ['documents', 'education'],
  contract: ['visa', 'change_employer'],
  leave: ['rest_day', 'holidays'],
  loan: ['scams'],
  holidays: ['rest_day', 'leave'],
  hours: ['rest_day'],
  rest_day: ['hours', 'leave', 'holidays'],
};
/** Topics where Indonesia's own rules answer when the destination has none (the law's minimum age). */
const INDONESIA_WIDE = new Set([
  'age',
  'placement_cost',
  'remittance',
  // Goods sent or brought home pass Indonesia's customs, whichever country they come from.
  'customs',
  'scams',
  'loan',
  'documents',
  'channels',
  'training',
  // A passport is renewed at Indonesia's own missions, wherever the worker is.
  'passport_renewal',
]);
/**
 * Topics where Indonesia's rule belongs beside the destination's own: the papers a worker needs
 * before leaving, the official routes and the BPJS insurance are Indonesian whichever the destination.
 */
export const ALSO_INDONESIA = new Set(['documents', 'channels', 'placement_cost', 'remittance', 'loan', 'insurance']);
const MIN_VERDICT_WORDS = 2;

/** `a` lies inside `b` and is shorter. */
const nested = (a: PhraseHit, b: PhraseHit) => a.start >= b.start && a.end <= b.end && a.words < b.words;

export function createFactFinder(deps: {
  destinations: DestinationSet;
  /** Compiles phrases with the understanding's normaliser (yes/no questions of facts). */
  phraseMatch: (phrases: readonly string[]) => (text: string) => PhraseHit | null;
  hideUnverified: boolean;
}) {
  type YesNo = { test: (text: string) => PhraseHit | null; a: Verdict };
  const yesnoOf = new Map<string, YesNo[]>();
  for (const d of deps.destinations.values()) {
    for (const f of d.facts) {
      if (f.yesno)
        yesnoOf.set(
          f.id,
          f.yesno.map((y) => ({ test: deps.phraseMatch(y.q), a: y.a })),
        );
    }
  }
  const visible = (f: { verify: boolean }) => !(deps.hideUnverified && f.verify);
  /** A rest-day fact that promises a day off every week (its yes/no says yes to a weekly rest day). */
  const weeklyRule = (f: Fact) =>
    (f.yesno ?? []).some(
      (y) => y.a === 'yes' && y.q.some((q) => /libur (seminggu|mingguan)|weekly|every week/.test(q)),
    );

  /**
   * Facts on a topic, the asked job's first, then those for every job, then the rest; when the
   * destination has none, its related topics, then Indonesia's own rules where they apply.
   */
  function factsFor(d: Destination, topic: string, job: Job | undefined, howMuch = false, query = ''): Fact[] {
    const rank = (f: Fact) => (job && f.jobs.includes(job) ? 0 : f.jobs.includes('all') ? 1 : 2);
    // "How much" about the wage is pay per month, day or hour, not a deadline or a claim cap.
    const pay = (f: Fact) =>
      f.value !== undefined && /^[A-Z]{3}$/.test(f.value.currency) && PAY_PERIODS.has(f.value.per ?? '');
    const figure = (f: Fact) => (howMuch && !(topic === 'wage' ? pay(f) : f.value) ? 1 : 0);
    // Within a topic, the fact whose yes/no phrases the question uses ("levi" finds the levy rule
    // among the deductions), by the length of the phrase.
    // One word counts here ("hamil" puts the maternity rule before annual leave), though it is too
    // weak to say yes or no on.
    const fits = (f: Fact) => (query ? -(bestYesNoIn([f], query, 1)?.words ?? 0) : 0);
    const on = (dest: Destination, wanted: string) =>
      dest.facts
        // Indonesia-wide facts say which other topics they answer ("also": the Article 13 papers
        // answer "dokumen apa saja?" asked without a destination).
        .filter((f) => (f.topic === wanted || f.also.includes(wanted as Fact['topic'])) && visible(f))
        .map((f) => ({ f, fit: fits(f) }))
        // "gaji minimal di hongkong brp?" names no job: a fact with the figure answers "how much"
        // before a rule for every job without one (when wages are paid); a named job comes first.
        .sort(
          (a, b) =>
            a.fit - b.fit ||
            (job
              ? rank(a.f) - rank(b.f) || figure(a.f) - figure(b.f)
              : figure(a.f) - figure(b.f) || rank(a.f) - rank(b.f)) ||
            Number(a.f.verify) - Number(b.f.verify),
        )
        .map((x) => x.f);
    const home = deps.destinations.get('ID');
    const own = on(d, topic);
    if (own.length > 0) return own;
    for (const related of RELATED_TOPICS[topic] ?? []) {
      const found = on(d, related);
      if (found.length > 0) return found;
    }
    return home && home !== d && INDONESIA_WIDE.has(topic) ? on(home, topic) : [];
  }

  /**
   * The plain answer: an age against the fact's age range; else the fact's yes/no phrase that
   * matches the question best (the longest), turned round when the question denies it
   * ("she hasn't had a day off, is that allowed?" asks about the opposite of "day off: yes").
   */
  function verdictOf(facts: readonly Fact[], query: string, input: FactQuestion): Verdict | undefined {
    return judge(facts, query, input).verdict;
  }

  /** The verdict, and whether the phrase that decided it was itself denied ("gak boleh narik biaya .."). */
  function judge(
    facts: readonly Fact[],
    query: string,
    input: FactQuestion,
  ): { verdict: Verdict | undefined; denied: boolean } {
    const plain = (verdict: Verdict | undefined) => ({ verdict, denied: false });
    const age = ageIn(query);
    if (age !== undefined) {
      for (const f of facts) {
        if (f.topic !== 'age') continue;
        const range = ageRange(f);
        if (range)
          return age >= range.min && (age < range.max || (age === range.max && !range.maxExclusive))
            ? plain('yes')
            : plain('no');
      }
    }
    // "Libur 2x sebulan, boleh?" against a weekly rest day: fewer than the rule gives.
    const weekly = facts[0]?.topic === 'rest_day' && weeklyRule(facts[0]);
    if (input.belowWeekly && weekly) return plain('no');
    // "berapa gaji minimum?", "apa itu SSW?": no yes or no in front of a figure or a definition.
    if (!input.yesno) return plain(undefined);
    // The first fact shown decides when one of its phrases matches; another fact only with a
    // longer phrase. A one-word match ("libur") is too weak to say yes or no on.
    let best: { words: number; verdict: Verdict; fact: number; own: number; hit: PhraseHit } | undefined;
    facts.forEach((f, i) => {
      for (const y of yesnoOf.get(f.id) ?? []) {
        const m = y.test(query);
        if (!m || m.words < MIN_VERDICT_WORDS || m.acrossClauses) continue;
        const weight = m.words + (i === 0 ? 1 : 0);
        // Of two matches where one lies inside the other, the one with as many of its own words
        // in fewer is the precise reading: "employer said I must pay my own medical" is "pay ..
        // own .. medical", not "employer .. pay .. medical".
        const inner = best !== undefined && nested(m, best.hit) && m.size >= best.hit.size;
        if (best && nested(best.hit, m) && best.hit.size >= m.size) continue;
        // On a tie within one fact the later entry wins: facts list the plain phrase ("tanggal
        // merah": yes) before the specific one ("tanggal merah .. ganti uang": no).
        if (best && !inner && (weight < best.words || (weight === best.words && i !== best.fact))) continue;
        const flipped = y.a === 'yes' ? 'no' : y.a === 'no' ? 'yes' : 'depends';
        // "majikan gak kasih libur mingguan, emang wajib?": the denial is the report, the question
        // asks whether the day off is required; "..., boleh?" asks whether the denial is allowed.
        const turned = m.negated && input.modal !== 'required';
        best = { words: weight, verdict: turned ? flipped : y.a, fact: i, own: m.words, hit: m };
      }
    });
    // "sponsor minta 500 BD buat visa kerja, katanya semua bayar sendiri, bener?": "visa kerja"
    // says a work visa is needed, not who pays. Confirming someone's statement takes a phrase
    // long enough to be that statement.
    // A denial that meets a rule of "no" is that statement, however short ("katanya majikan gak
    // boleh narik biaya iqama, bener?").
    if (best?.verdict === 'yes' && input.truthTag && best.own < MIN_CONFIRM_WORDS && !best.hit.negated)
      return plain(undefined);
    if (best) return { verdict: best.verdict, denied: best.hit.negated };
    // No phrase of the question matched: a plain "Ya/Tidak" would be a guess. Say it only when
    // the fact answers every yes/no question about it the same way.
    if (!input.yesno) return plain(undefined);
    return plain(facts[0]?.answer);
  }

  /**
   * A question that states an age outside the rules ("adikku umur 17 mau ke HK, dokumennya bisa
   * diurus?") gets the age rule first, whatever else it asks.
   */
  function underAge(d: Destination, input: FactQuestion): boolean {
    if (input.topics.includes('age') || ageIn(input.query) === undefined) return false;
    const rules = factsFor(d, 'age', input.job as Job | undefined);
    return rules.length > 0 && verdictOf(rules, input.query, { ...input, yesno: false }) === 'no';
  }

  /**
   * The destination's fact with the longest yes/no phrase in the question (two words at least);
   * Indonesia's own rules, which hold wherever the worker goes, when the destination has none.
   */
  function bestYesNoFact(d: Destination, query: string): Fact | undefined {
    const own = bestYesNoIn(d.facts, query);
    const home = deps.destinations.get('ID');
    const rule = home && home !== d ? bestYesNoIn(home.facts, query) : undefined;
    // Indonesia's rule only when it fits the question better than anything of the destination's.
    return rule && (!own || rule.words > own.words) ? rule.fact : own?.fact;
  }
  function bestYesNoIn(facts: readonly Fact[], query: string, minWords = 2): { words: number; fact: Fact } | undefined {
    let best: { words: number; fact: Fact } | undefined;
    for (const f of facts) {
      if (!visible(f)) continue;
      for (const y of yesnoOf.get(f.id) ?? []) {
        const m = y.test(query);
        if (m && m.words >= minWords && (!best || m.words > best.words)) best = { words: m.words, fact: f };
      }
    }
    return best;
  }

  return { visible, factsFor, verdictOf, judge, underAge, bestYesNoFact, bestYesNoIn };
}
