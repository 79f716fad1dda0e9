/**
 * The job-ad check: a forwarded advert or recruiter message scored by weighted red flags kept
 * as data (data/answers/job-ad-rules.yaml), plus the checks the bot computes itself: pay far
 * above the destination's minimum, the agency named not in the licence registry (or licensed),
 * an age outside the destination's rules. The verdict is "scam", "suspicious" or "no red flags
 * found": never "safe", since a clean advert can still be a lie.
 */
import type { Destination, Job } from '../destinations/destination-schema.js';
import type { Amount } from '../nlu/amounts.js';
import { monthlyWage } from './fee-check.js';
import type { JobAdRules } from './job-ad-rules.js';

type Lang = 'id' | 'en';

export interface AdFinding {
  id: string;
  weight: number;
  reason: string;
}

export interface AdVerdict {
  verdict: 'scam' | 'suspicious' | 'no_red_flags' | 'official_signs';
  score: number;
  findings: AdFinding[];
}

export interface AdFacts {
  text: string;
  lang: Lang;
  destination?: Destination | undefined;
  job: Job;
  amounts: readonly Amount[];
  /** The licence registry's answer for the agency the ad names, when it names one. */
  agency?: 'licensed' | 'not_found' | undefined;
}

/** Signs of the official route adding up to this (with no red flag) read as an official notice. */
const OFFICIAL = -3;
/** Pay promised at least this many times the destination's minimum is a red flag. */
const FAR_ABOVE = 2;

export function createJobAdCheck(deps: {
  rules: JobAdRules;
  matcher: (phrases: readonly string[]) => (text: string) => boolean;
  idrPerUnit: Readonly<Record<string, number>>;
}) {
  const compiled = deps.rules.rules.map((r) => ({
    ...r,
    hit: deps.matcher(r.phrases),
    with: r.with ? deps.matcher(r.with) : undefined,
  }));
  const { computed } = deps.rules;

  /** The highest monthly pay the ad promises, in the destination's currency. */
  function promisedPay(amounts: readonly Amount[], currency: string): number | undefined {
    let best: number | undefined;
    for (const a of amounts) {
      if (!a.currency || a.currency === 'MONTHS') continue;
      const inLocal =
        a.currency === currency
          ? a.value
          : ((deps.idrPerUnit[a.currency] ?? (a.currency === 'IDR' ? 1 : 0)) * a.value) /
            (deps.idrPerUnit[currency] ?? Number.POSITIVE_INFINITY);
      if (Number.isFinite(inLocal) && inLocal > 0 && (best === undefined || inLocal > best)) best = inLocal;
    }
    return best;
  }

  return (ad: AdFacts): AdVerdict => {
    const findings: AdFinding[] = [];
    for (const r of compiled) {
      if (r.hit(ad.text) && (!r.with || r.with(ad.text)))
        findings.push({ id: r.id, weight: r.weight, reason: r.reason[ad.lang] });
    }
    const d = ad.destination;
    const wage = d ? monthlyWage(d, ad.job) : undefined;
    if (wage) {
      const pay = promisedPay(ad.amounts, wage.currency);
      if (pay !== undefined && pay >= FAR_ABOVE * wage.amount) {
        const c = computed.salary_far_above_norm;
        findings.push({ id: 'salary_far_above_norm', weight: c.weight, reason: c.reason[ad.lang] });
      }
    }
    if (ad.agency) {
      const c = ad.agency === 'licensed' ? computed.agency_licensed : computed.agency_not_in_registry;
      findings.push({
        id: ad.agency === 'licensed' ? 'agency_licensed' : 'agency_not_in_registry',
        weight: c.weight,
        reason: c.reason[ad.lang],
      });
    }
    if (d) {
      const minAge = d.facts.find((f) => f.topic === 'age' && f.value && /min/.test(f.value.per ?? ''))?.value?.amount;
      const ages = [...ad.text.matchAll(/(?:usia|umur|age|aged)\s*(?:min(?:imal)?\.?\s*)?(\d{2})/gi)].map((m) =>
        Number(m[1]),
      );
      if (minAge !== undefined && ages.some((a) => a < minAge)) {
        const c = computed.age_outside_rules;
        findings.push({ id: 'age_outside_rules', weight: c.weight, reason: c.reason[ad.lang] });
      }
    }
    const score = findings.reduce((s, f) => s + f.weight, 0);
    const { scam, suspicious } = deps.rules.thresholds;
    const clean = findings.every((f) => f.weight < 0);
    const verdict =
      score >= scam
        ? 'scam'
        : score >= suspicious
          ? 'suspicious'
          : clean && score <= OFFICIAL
            ? 'official_signs'
            : 'no_red_flags';
    findings.sort((a, b) => b.weight - a.weight);
    return { verdict, score, findings };
  };
}
