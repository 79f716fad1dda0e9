/**
 * Answers built from topic x destination: the destination's own figure or rule first, a plain
 * "Ya / Tidak / Tergantung" first for a yes/no question, at most three short lines, and the
 * detail with its legal basis and source for "Selengkapnya". Facts come from
 * data/destinations; nothing here is a fact itself.
 */
import type { Destination, Fact, Job } from '../destinations/destination-schema.js';
import type { DestinationSet } from '../destinations/load-destinations.js';
import type { Amount } from '../nlu/amounts.js';
import type { PhraseHit } from '../nlu/nlu-types.js';
import { createContactLines } from './contact-lines.js';
import { contractYearIn, saysMonthly } from './contract-year.js';
import { ALSO_INDONESIA, createFactFinder } from './fact-finder.js';
import { checkFee, type FeeVerdict, monthlyWage } from './fee-check.js';
import { compareWage } from './wage-check.js';

type Lang = 'id' | 'en';
type T = (lang: Lang, key: string, params?: Record<string, string | number>) => string;

import type { Verdict } from './fact-finder.js';

export type { Verdict };

export interface AnswerInput {
  lang: Lang;
  country: string;
  topics: readonly string[];
  job?: string | undefined;
  yesno: boolean;
  /** The word the yes/no question turns on ("boleh", "wajib"): the verdict echoes it. */
  modal?: string | undefined;
  /** Asks for a figure: facts that carry one come first. */
  howMuch?: boolean | undefined;
  /** Speaks of a wage offered or paid: an amount is checked against the minimum. */
  wageOffer?: boolean | undefined;
  /** Rest less often than weekly ("libur 2x sebulan"): below a weekly rest-day rule. */
  belowWeekly?: boolean | undefined;
  /** Asks whether a statement that denies or limits something is true (see NluResult). */
  restrictedClaim?: boolean | undefined;
  /** The statement forbids something ("majikan dilarang nahan paspor, betul?"). */
  prohibitedClaim?: boolean | undefined;
  /** A number limited by "only" ("libur cuma 10 jam"): less than the thing a rule says yes to. */
  limited?: boolean | undefined;
  /** Asks whether someone's statement is true ("agen bilang ..., bener?"). */
  truthTag?: boolean | undefined;
  /** Reports someone else's words ("agen bilang ..."). */
  reported?: boolean | undefined;
  /**
   * Names one of Indonesia's own institutions (BPJS, KP2MI, Disnaker): beside a destination,
   * Indonesia's rule comes first ("kecelakaan di malaysia, klaim BPJS batasnya brp lama?").
   */
  homeInstitution?: boolean | undefined;
  amounts: readonly Amount[];
  query: string;
}

export interface ComposedAnswer {
  outcome: 'answered' | 'no_fact' | 'no_country';
  /** The short reply. */
  text: string;
  /** What "Selengkapnya" shows: details, legal basis, sources. */
  more?: string;
  topic?: string;
  /** The fee check found more charged than allowed: offer an overcharging complaint. */
  overcharged?: { asked: string; allowed: string; excess: string };
  /** The answer says a rule is broken: offer a complaint of this category. */
  breach?: { category: string };
}

/** The job most Indonesian workers in a destination do, when the question names none. */
const USUAL_JOB: Record<string, Job> = { KR: 'factory', JP: 'factory' };
const MAX_FACTS = 2;
/** An amount beside these topics is a fee, a deduction or a debt, not the wage offered. */
const NOT_A_WAGE = new Set(['agency_fee', 'placement_cost', 'deductions', 'loan', 'remittance', 'customs']);
const ACTION_MODALS = new Set(['allowed', 'legal', 'reasonable', 'required', 'can']);
/** Topics answered with a list of numbers: where to report, the mission, emergency numbers. */
export const CONTACT_TOPICS: ReadonlySet<string> = new Set(['hotline', 'mission', 'emergency_number']);
/** Indonesia's rule only when its own words are used ("iuran BPJS"), not beside every medical-cover answer. */
const HOME_IF_ASKED = new Set(['insurance']);

export function createDestinationAnswers(deps: {
  destinations: DestinationSet;
  t: T;
  /** Compiles phrases with the understanding's normaliser (yes/no questions of facts). */
  phraseMatch: (phrases: readonly string[]) => (text: string) => PhraseHit | null;
  hideUnverified: boolean;
  /** The complaint category to offer when the answer says a rule on this topic is broken. */
  breachCategories?: Partial<Record<string, string>>;
  /** One finder for the whole bot: its compiled yes/no phrases are megabytes. */
  finder?: ReturnType<typeof createFactFinder>;
}) {
  const { t } = deps;
  const finder = deps.finder ?? createFactFinder(deps);
  const { visible, factsFor, verdictOf, judge, underAge, bestYesNoFact, bestYesNoIn } = finder;
  const { reportLine, contactLines } = createContactLines({ destinations: deps.destinations, t, visible });
  const money = (lang: Lang, value: number, currency: string) => {
    try {
      return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-US', {
        style: 'currency',
        currency,
        maximumFractionDigits: 0,
      }).format(value);
    } catch {
      return `${currency} ${value}`;
    }
  };
  const date = (lang: Lang, iso: string) =>
    new Date(`${iso.length === 7 ? `${iso}-01` : iso}T00:00:00Z`).toLocaleDateString(
      lang === 'id' ? 'id-ID' : 'en-GB',
      {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      },
    );
  /** "Tidak boleh." for "boleh gk?", "Ya, wajib." for "wajib?"; a bare "Ya/Tidak" otherwise. */
  const verdictLine = (lang: Lang, verdict: Verdict, modal: string | undefined) =>
    modal && verdict !== 'depends'
      ? t(lang, `answers.verdict_modal.${verdict}.${modal}`)
      : t(lang, `answers.verdict.${verdict}`);
  /**
   * A computed verdict (a fee or a wage against the rule) is about the action itself, not about
   * the statement the question makes: "bener gk, PRT gak boleh dibebani biaya?" must not get
   * "Tidak benar." for a charge that is not allowed. Only the words naming the action are echoed.
   */
  const actionModal = (modal: string | undefined, verdict: Verdict) =>
    // A charge within the cap may be asked; it is never "wajib" ("wajib bayar gk?" -> "Ya, boleh.").
    modal === 'required' && verdict === 'yes' ? 'allowed' : modal && ACTION_MODALS.has(modal) ? modal : undefined;
  const source = (lang: Lang, s: { source: string; checked: string }) =>
    t(lang, 'answers.source', { source: s.source, date: date(lang, s.checked) });

  const breachOf = (verdict: Verdict | undefined, topic: string | undefined) => {
    const category = verdict === 'no' && topic ? deps.breachCategories?.[topic] : undefined;
    return category ? { breach: { category } } : {};
  };

  /** "Majikan cuma mau kasih HKD 4.800, boleh?": an offered wage against the figure for it. */
  function wageCheck(lang: Lang, d: Destination, job: Job, input: AnswerInput) {
    const asked = bestYesNoFact(d, input.query);
    // A job we do not list ("IT support") is held to the wage for every job, where there is one.
    const w =
      (input.job ? undefined : compareWage(d, 'all', input.amounts, asked)) ??
      compareWage(d, job, input.amounts, asked);
    if (!w) return undefined;
    const params = { offered: money(lang, w.offered, w.currency), minimum: money(lang, w.minimum, w.currency) };
    // Above the lowest region's rate: whether it is above the worker's own region's is unknown.
    if (!w.below && w.regional)
      return {
        below: false,
        lines: [verdictLine(lang, 'depends', undefined), t(lang, 'answers.wage_regional', params), w.fact.short[lang]],
      };
    return {
      below: w.below,
      lines: [
        // "agen bilang gaji minimal PRT 1000 dolar": an amount above the figure does not make what
        // someone said true; the comparison and the rule say what is.
        ...(w.below || !(input.truthTag || input.reported)
          ? [verdictLine(lang, w.below ? 'no' : 'yes', actionModal(input.modal, w.below ? 'no' : 'yes'))]
          : []),
        t(lang, w.below ? 'answers.wage_below' : 'answers.wage_ok', params),
        w.fact.short[lang],
      ],
    };
  }

  /**
   * The fee check, and beside it the rule the charge was said to be for when the question names it
   * ("PT minta 2,5jt buat iuran BPJS, emang segitu?" gets the BPJS contribution too).
   */
  function feeAnswer(
    lang: Lang,
    d: Destination,
    fee: FeeVerdict,
    modal: string | undefined,
    named?: Fact,
  ): ComposedAnswer {
    const rule = fee.rule;
    const lines = [verdictLine(lang, fee.verdict, actionModal(modal, fee.verdict))];
    let overcharged: ComposedAnswer['overcharged'];
    if (fee.side === 'indonesia' && fee.allowed === 0 && fee.asked !== undefined) {
      // Zero-cost jobs: no allowance to compare with, only the rule.
      lines.push(t(lang, 'answers.fee.zero', { country: d.name[lang], asked: money(lang, fee.asked, 'IDR') }));
      overcharged = {
        asked: money(lang, fee.asked, 'IDR'),
        allowed: money(lang, 0, 'IDR'),
        excess: money(lang, fee.asked, 'IDR'),
      };
    } else if (fee.currency && fee.asked !== undefined && fee.allowed !== undefined) {
      const who = t(lang, fee.side === 'indonesia' ? 'answers.fee.who_indonesia' : 'answers.fee.who_destination');
      const params = {
        who,
        country: d.name[lang],
        asked: money(lang, fee.asked, fee.currency),
        allowed: money(lang, fee.allowed, fee.currency),
        excess: money(lang, fee.excess ?? 0, fee.currency),
      };
      lines.push(t(lang, fee.verdict === 'no' ? 'answers.fee.over' : 'answers.fee.within', params));
      if (fee.verdict === 'no') overcharged = { asked: params.asked, allowed: params.allowed, excess: params.excess };
    }
    lines.push(rule.text[lang]);
    if (named) lines.push(named.short[lang]);
    if (fee.verdict === 'no') {
      lines.push(t(lang, 'answers.fee.keep'));
      const report = reportLine(lang, d);
      if (report) lines.push(report);
    }
    return {
      outcome: 'answered',
      text: lines.join('\n'),
      more: [rule.text[lang], source(lang, rule)].join('\n'),
      topic: fee.side === 'indonesia' ? 'placement_cost' : 'agency_fee',
      ...(overcharged ? { overcharged } : {}),
    };
  }

  /** A fee fact the question's own words name (two words at least) that says the charge is banned. */
  function bannedFee(d: Destination, input: AnswerInput): boolean {
    const rule = bestYesNoFact(d, input.query);
    if (!rule || (rule.topic !== 'agency_fee' && rule.topic !== 'placement_cost')) return false;
    return verdictOf([rule], input.query, { ...input, yesno: true, truthTag: false }) === 'no';
  }

  /**
   * "gajiku NT$20.000, yen dina Minggu tetep kerja kudu mbayar pira?": the wage is named to work
   * out another rule (pay for a worked rest day), not offered for a check against the minimum.
   * True when the first topic is not the wage and a rule on it is named by its own words.
   */
  function namesOtherRule(d: Destination, topics: readonly string[], input: AnswerInput): boolean {
    const first = topics[0];
    if (!first || first === 'wage') return false;
    const own = factsFor(d, first, input.job as Job | undefined).filter((f) => f.topic === first);
    return bestYesNoIn(own, input.query) !== undefined;
  }

  /**
   * A rule that pays a day's wage as the monthly wage divided by a number (Singapore's /26,
   * Taiwan's /30): with the worker's own monthly wage in the question, the day's pay worked out.
   */
  function dayPayLine(lang: Lang, d: Destination, fact: Fact | undefined, input: AnswerInput): string | undefined {
    const divisor = fact?.value?.per === 'daily_wage_divisor' ? fact.value.amount : undefined;
    if (!divisor) return undefined;
    const local =
      monthlyWage(d, 'all')?.currency ?? d.facts.find((f) => f.value?.currency.length === 3)?.value?.currency;
    const wage = input.amounts.find((a) => a.currency && a.currency === local && !a.times && a.value > divisor);
    if (!wage?.currency) return undefined;
    let day: string;
    try {
      day = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-US', {
        style: 'currency',
        currency: wage.currency,
        maximumFractionDigits: 2,
      }).format(wage.value / divisor);
    } catch {
      day = `${wage.currency} ${(wage.value / divisor).toFixed(2)}`;
    }
    return t(lang, 'answers.day_pay', { wage: money(lang, wage.value, wage.currency), divisor, day });
  }

  return (input: AnswerInput): ComposedAnswer => {
    const { lang } = input;
    const d = deps.destinations.get(input.country);
    if (!d) return { outcome: 'no_country', text: t(lang, 'answers.no_country_data') };
    const job = (input.job as Job | undefined) ?? USUAL_JOB[d.country] ?? 'domestic';
    const named = underAge(d, input) ? ['age', ...input.topics] : [...input.topics];
    // "uang jaminan security bond" is the employer's deposit: the fee words in it ask about no fee.
    const topics = named.includes('bond')
      ? ['bond', ...named.filter((x) => x !== 'bond' && x !== 'agency_fee' && x !== 'placement_cost')]
      : named;
    const topic = topics[0];
    // A fee named anywhere in the question, before a wage or another topic ("agen minta 10rb HKD,
    // gaji sy 4800, boleh?" is about the fee).
    const feeTopic = topics.find((t) => t === 'agency_fee' || t === 'placement_cost');
    // Without a fee topic, an amount is checked as a fee only when no rule's own words answer the
    // question ("calo minta 7 jt, bisa dipidana gk?" asks about the penalty, not the fee).
    const unnamedFee = !topic && bestYesNoFact(d, input.query) === undefined;
    if (input.amounts.length > 0 && (feeTopic || unnamedFee) && topic !== 'bond') {
      const fee = checkFee(d, input.amounts, job, feeTopic, {
        year: contractYearIn(input.query),
        monthly: saysMonthly(input.query),
      });
      // What the money was said to be for, when it is Indonesia's insurance (the BPJS contribution).
      const home = deps.destinations.get('ID');
      const named =
        topics.includes('insurance') && home
          ? bestYesNoIn(
              home.facts.filter((f) => f.topic === 'insurance' || f.also.includes('insurance')),
              input.query,
            )?.fact
          : undefined;
      // "agensi minta biaya pindah NT$20.000": a charge the rules ban outright (a fee fact whose
      // own words the question uses says no) is no charge "within the cap"; that rule answers.
      if (fee && !(fee.verdict !== 'no' && bannedFee(d, input))) return feeAnswer(lang, d, fee, input.modal, named);
    }
    // Indonesia's own rule about the mission ("perlu lapor diri ke KBRI?") answers better than the
    // list of Indonesia's numbers.
    const homeFact = d.country === 'ID' && bestYesNoFact(d, input.query) !== undefined;
    if (topic && CONTACT_TOPICS.has(topic) && !homeFact) {
      const lines = contactLines(lang, d, topic, input.query);
      if (lines.length === 0) return { outcome: 'no_fact', text: '', topic };
      // "paspor ditahan bos, boleh gk? lapor kemana?": the rule the question names, then where to go.
      const rule = input.yesno || input.truthTag ? bestYesNoFact(d, input.query) : undefined;
      const verdict = rule ? verdictOf([rule], input.query, input) : undefined;
      return {
        outcome: 'answered',
        text: [
          ...(verdict ? [verdictLine(lang, verdict, input.modal)] : []),
          ...(rule ? [rule.short[lang]] : []),
          t(lang, `answers.contacts_intro.${topic}`, { country: d.name[lang] }),
          ...lines.map((l) => `• ${l}`),
        ].join('\n'),
        topic,
        ...(rule ? { more: [rule.detail?.[lang] ?? rule.short[lang], source(lang, rule)].join('\n') } : {}),
      };
    }
    if (
      topics.includes('wage') &&
      !topics.some((t) => NOT_A_WAGE.has(t)) &&
      input.wageOffer &&
      input.amounts.length > 0 &&
      !namesOtherRule(d, topics, input)
    ) {
      const wage = wageCheck(lang, d, job, input);
      if (wage) {
        const report = wage.below ? reportLine(lang, d) : undefined;
        return {
          outcome: 'answered',
          text: [...wage.lines, ...(report ? [report] : [])].join('\n'),
          topic,
          ...breachOf(wage.below ? 'no' : 'yes', 'wage'),
        };
      }
    }
    const facts: Fact[] = [];
    for (const tp of topics) {
      const found = factsFor(d, tp, input.job as Job | undefined, input.howMuch, input.query);
      // The asked job's fact, or, when no job was named, up to two jobs ("factory ... ; caregiver ...").
      const take = input.job ? found.slice(0, 1) : found.filter((f, i) => i === 0 || f.topic === 'wage').slice(0, 2);
      const home = deps.destinations.get('ID');
      if (ALSO_INDONESIA.has(tp) && home && home !== d) {
        const candidates = home.facts.filter(
          (f) => visible(f) && (f.topic === tp || f.also.includes(tp as Fact['topic'])),
        );
        // The one the question's words fit ("ngadu kemana" finds BI's complaint line), else the first.
        const rule = bestYesNoIn(candidates, input.query)?.fact ?? (HOME_IF_ASKED.has(tp) ? undefined : candidates[0]);
        if (rule && input.homeInstitution)
          take.splice(0, take.length, rule, ...take.filter((f) => f !== rule).slice(0, 1));
        else if (rule && !take.includes(rule)) take.splice(1, take.length, rule);
      }
      for (const f of take) if (!facts.includes(f) && facts.length < MAX_FACTS) facts.push(f);
      if (facts.length >= MAX_FACTS) break;
    }
    // The fact whose yes/no phrases the question uses, wherever it is filed ("can my sponsor keep my
    // passport?" finds the passport rule inside the domestic-worker law fact).
    const asked = bestYesNoFact(d, input.query);
    if (asked && !facts.includes(asked) && (facts.length === 0 || input.yesno)) {
      if (facts.length >= MAX_FACTS) facts.pop();
      facts.push(asked);
    }
    if (facts.length === 0) return { outcome: 'no_fact', text: '', topic };
    // "Ahli waris kenging santunan sabaraha? Aya nu nyarios ngan 10 juta": the figure is asked,
    // beside someone's figure; a "Ya" would confirm that figure.
    const found =
      input.howMuch && input.reported ? { verdict: undefined, denied: false } : judge(facts, input.query, input);
    // "mandor bilang pekerja asing gak berhak cuti, bener?": the rule says yes to the leave, the
    // statement denies it. Where the denial sits the phrase match cannot tell, so no "Ya" that
    // could confirm a false statement; the rule itself follows. When the truth of a negative
    // claim is asked before it ("bener gk gbs kerja di macau 6 bulan?", no closing tag), the
    // phrase that decides may sit outside the claim, and a "Tidak" reads either way too. A denial
    // found at the deciding phrase itself ("majikan gak boleh narik biaya iqama") is that claim.
    // "majikan dilarang nahan paspor, betul?" against a rule of "no" read from "paspor .. majikan":
    // the statement forbids what the rule forbids, and a "Tidak" would deny a true statement.
    const agreesWithNo = input.prohibitedClaim && found.verdict === 'no';
    // "libur mingguanku mung 10 jam, oleh ora?": "libur mingguan: yes" says nothing of 10 hours.
    const lessThanAsked = input.limited && found.verdict === 'yes' && !found.denied;
    const verdict =
      lessThanAsked ||
      (input.restrictedClaim && !found.denied && (found.verdict === 'yes' || !input.truthTag || agreesWithNo))
        ? undefined
        : found.verdict;
    // "JHT wajib gk?" -> "Tidak wajib": something not required is nothing to report.
    const broken = verdict === 'no' && input.modal !== 'required' ? verdict : undefined;
    const report = broken ? reportLine(lang, d) : undefined;
    const dayPay = dayPayLine(lang, d, facts[0], input);
    const lines = [
      ...(verdict ? [verdictLine(lang, verdict, input.modal)] : []),
      ...facts.map((f) => f.short[lang]),
      ...(dayPay ? [dayPay] : []),
      ...(report ? [report] : []),
      ...(facts.some((f) => f.verify) ? [t(lang, 'answers.verify_note')] : []),
    ];
    const more = facts.flatMap((f) => [f.detail?.[lang] ?? f.short[lang], source(lang, f)]).join('\n');
    return { outcome: 'answered', text: lines.join('\n'), more, topic, ...breachOf(broken, topic) };
  };
}
