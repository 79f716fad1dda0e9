/**
 * The fee check: an amount a worker was asked for, or paid, compared with what the destination
 * allows a local agency or broker to charge (fees.agencyCap) or what the Indonesian placement
 * agency may charge for that destination and job (fees.indonesianPlacement). Pure arithmetic
 * over the data; amounts in a currency the rule does not use are not converted (the answer then
 * says "it depends" and quotes the rule).
 */
import type { AgencyCap, Destination, Fact, Job, PlacementCost } from '../destinations/destination-schema.js';
import type { Amount } from '../nlu/amounts.js';

export interface FeeVerdict {
  verdict: 'yes' | 'no' | 'depends';
  /** Which rule applied. */
  side: 'destination' | 'indonesia';
  rule: AgencyCap | PlacementCost;
  currency?: string;
  asked?: number;
  allowed?: number;
  excess?: number;
}

/** The destination's monthly wage for a job (its minimum or standard wage fact), when known. */
export function monthlyWage(d: Destination, job: Job): { amount: number; currency: string; fact: Fact } | undefined {
  const wages = d.facts.filter(
    (f) => f.topic === 'wage' && f.value && /^[A-Z]{3}$/.test(f.value.currency) && (f.value.per ?? 'month') === 'month',
  );
  const fact = wages.find((f) => f.jobs.includes(job)) ?? wages.find((f) => f.jobs.includes('all'));
  return fact?.value ? { amount: fact.value.amount, currency: fact.value.currency, fact } : undefined;
}

const forJob = <T extends { jobs: readonly Job[] }>(list: readonly T[], job: Job): T | undefined =>
  list.find((r) => r.jobs.includes(job)) ?? list.find((r) => r.jobs.includes('all'));

/** What the asked amount totals to, in its currency ("HKD 3000 x 6" is 18,000; "3 months' wage"). */
function total(a: Amount, d: Destination, job: Job): { value: number; currency?: string; perMonth: boolean } {
  if (a.currency === 'MONTHS') {
    const wage = monthlyWage(d, job);
    return wage
      ? { value: a.value * wage.amount, currency: wage.currency, perMonth: false }
      : { value: 0, perMonth: false };
  }
  return {
    value: a.value * (a.times ?? 1),
    ...(a.currency ? { currency: a.currency } : {}),
    perMonth: a.perMonth === true && !a.times,
  };
}

/** What a destination agency may charge in all for the first year (or per month, for per-month caps). */
function allowedByCap(cap: AgencyCap, d: Destination, job: Job, perMonth: boolean, year = 1): number | undefined {
  const value = cap.value ?? undefined;
  switch (cap.kind) {
    case 'none_allowed':
      return 0;
    case 'fixed':
      return value;
    case 'percent_first_month': {
      const wage = monthlyWage(d, job);
      return wage && value !== undefined ? Math.round((wage.amount * value) / 100) : undefined;
    }
    case 'months_salary': {
      const wage = monthlyWage(d, job);
      const months = Math.min(value ?? 0, cap.maxMonths ?? Number.POSITIVE_INFINITY);
      return wage ? wage.amount * months : undefined;
    }
    case 'per_month': {
      // The schedule's year, its last entry for later years ("NT$1.500 from the third year on").
      const years = cap.years ?? [];
      const monthly = years.length > 0 ? years[Math.min(year, years.length) - 1] : value;
      if (monthly === undefined) return undefined;
      return perMonth ? monthly : monthly * 12;
    }
  }
}

export interface FeeContext {
  /** The contract year the worker is in (per-year schedules). */
  year?: number | undefined;
  /** The question says the amount is taken every month. */
  monthly?: boolean | undefined;
}

/**
 * Every amount of the question checked against its rule (rupiah against the Indonesian side,
 * local money or months of wage against the destination agency's cap); the worst verdict wins
 * ("Rp 12 juta + potong gaji 4 bulan": the 12 juta is already too much for a zero-cost job).
 */
export function checkFee(
  d: Destination,
  amounts: readonly Amount[],
  job: Job,
  topic?: string,
  ctx: FeeContext = {},
): FeeVerdict | undefined {
  const verdicts = amounts.map((a) => checkOne(d, a, job, topic, ctx)).filter((v): v is FeeVerdict => v !== undefined);
  const rank = { no: 0, depends: 1, yes: 2 } as const;
  return verdicts.sort((a, b) => rank[a.verdict] - rank[b.verdict])[0];
}

function checkOne(
  d: Destination,
  a: Amount,
  job: Job,
  topic: string | undefined,
  ctx: FeeContext,
): FeeVerdict | undefined {
  const counted = total(a, d, job);
  const asked = ctx.monthly && !a.times && a.currency !== 'MONTHS' ? { ...counted, perMonth: true } : counted;
  const rupiah = asked.currency === 'IDR';
  // A fee in the destination's money is the destination agency's, whatever the word for it
  // ("recruitment fee USD 1,500 for a job in Doha").
  const foreign = asked.currency !== undefined && !rupiah && asked.currency !== 'MONTHS';
  // Months of salary asked by whoever ("komisi 2 bulan gaji") go against the destination's cap when
  // it has one; the Indonesian rule answers rupiah.
  const destinationMoney = foreign || asked.currency === 'MONTHS';
  const toIndonesia = rupiah || (topic === 'placement_cost' && !(destinationMoney && d.fees.agencyCap.length > 0));
  if (toIndonesia) {
    const rule = forJob(d.fees.indonesianPlacement, job);
    if (!rule) return undefined;
    if (!rupiah) return { verdict: 'depends', side: 'indonesia', rule };
    if (rule.zeroCost)
      return {
        verdict: 'no',
        side: 'indonesia',
        rule,
        currency: 'IDR',
        asked: asked.value,
        allowed: 0,
        excess: asked.value,
      };
    if (rule.maxIdr) {
      const over = asked.value - rule.maxIdr;
      return {
        verdict: over > 0 ? 'no' : 'yes',
        side: 'indonesia',
        rule,
        currency: 'IDR',
        asked: asked.value,
        allowed: rule.maxIdr,
        ...(over > 0 ? { excess: over } : {}),
      };
    }
    return { verdict: 'depends', side: 'indonesia', rule };
  }
  const cap = forJob(d.fees.agencyCap, job);
  if (!cap) return undefined;
  const capCurrency = cap.currency ?? monthlyWage(d, job)?.currency;
  // Nothing may be charged: any amount in any currency is too much.
  if (cap.kind === 'none_allowed' && asked.currency && asked.value > 0)
    return {
      verdict: 'no',
      side: 'destination',
      rule: cap,
      currency: asked.currency,
      asked: asked.value,
      allowed: 0,
      excess: asked.value,
    };
  if (!asked.currency || asked.currency !== capCurrency) return { verdict: 'depends', side: 'destination', rule: cap };
  const allowed = allowedByCap(cap, d, job, asked.perMonth, ctx.year);
  if (allowed === undefined) return { verdict: 'depends', side: 'destination', rule: cap };
  const over = asked.value - allowed;
  return {
    verdict: over > 0 ? 'no' : 'yes',
    side: 'destination',
    rule: cap,
    currency: asked.currency,
    asked: asked.value,
    allowed,
    ...(over > 0 ? { excess: over } : {}),
  };
}
