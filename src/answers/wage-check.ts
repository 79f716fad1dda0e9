/**
 * The wage check: a wage the worker is offered or paid ("majikan cuma mau kasih HKD 4.800",
 * "uang makan cuma HKD 800") against the destination's figure for it. The figure is the wage
 * fact whose yes/no phrases the question uses (a food allowance), else the job's minimum wage.
 * An amount written without a currency ("nawarin 18rb") counts in the local currency when it
 * is of the size of that figure.
 */
import type { Destination, Fact, Job } from '../destinations/destination-schema.js';
import type { Amount } from '../nlu/amounts.js';
import { PAY_PERIODS } from './fact-finder.js';
import { monthlyWage } from './fee-check.js';

/** A bare number this close to the local figure is taken as local money (18rb vs NT$20.000). */
const PLAUSIBLE = { low: 0.25, high: 4 };
/**
 * A sum in the figure's own money this far below it is pay for another period ("HKD 100/jam"
 * against HK$5.100 a month): compared with an hourly or daily figure, if any, never the monthly.
 */
const SAME_MONEY_LOW = 0.1;

export interface WageComparison {
  below: boolean;
  /** The figure is the lowest of regional rates: "not below" it says nothing of the worker's region. */
  regional: boolean;
  offered: number;
  minimum: number;
  currency: string;
  fact: Fact;
}

export function compareWage(
  d: Destination,
  job: Job,
  amounts: readonly Amount[],
  asked: Fact | undefined,
): WageComparison | undefined {
  const figureOf = (f: Fact | undefined) =>
    f?.topic === 'wage' && f.value && /^[A-Z]{3}$/.test(f.value.currency) && PAY_PERIODS.has(f.value.per ?? 'month')
      ? { amount: f.value.amount, currency: f.value.currency, fact: f }
      : undefined;
  const plausible = (value: number, figure: number) =>
    value >= PLAUSIBLE.low * figure && value <= PLAUSIBLE.high * figure;
  const against = (figure: { amount: number; currency: string; fact: Fact }): WageComparison | undefined => {
    // "boleh di bawah 60 dinar? majikan cuma mau bayar 50 KD": the question often quotes the
    // minimum too; the lowest amount in the minimum's money is the one to compare.
    const same = amounts.filter(
      (a) => a.currency === figure.currency && !a.times && a.value >= SAME_MONEY_LOW * figure.amount,
    );
    const offered =
      (same.length > 0 ? same.reduce((low, a) => (a.value < low.value ? a : low)) : undefined) ??
      amounts.find(
        (a) => (!a.currency || (a.implied && a.currency === 'IDR')) && !a.times && plausible(a.value, figure.amount),
      );
    if (!offered) return undefined;
    return {
      below: offered.value < figure.amount,
      regional: figure.fact.value?.lowest === true,
      offered: offered.value,
      minimum: figure.amount,
      currency: figure.currency,
      fact: figure.fact,
    };
  };
  const own = figureOf(asked);
  // "majikan bayar HK$4.990, trs uang makan brp?": a wage four times the food allowance the
  // question also names is compared with the wage, not the allowance.
  const first = own ? against(own) : undefined;
  if (first && plausible(first.offered, first.minimum)) return first;
  const wage = monthlyWage(d, job);
  const monthlyFirst = wage && against(wage);
  if (monthlyFirst) return monthlyFirst;
  // "bos bayar 9.860 won per jam": the job's figure by the hour or the day, where the sum fits it.
  for (const f of d.facts) {
    const figure = f.jobs.includes(job) || f.jobs.includes('all') ? figureOf(f) : undefined;
    if (!figure || figure.fact === wage?.fact) continue;
    const c = against(figure);
    if (c && plausible(c.offered, c.minimum)) return c;
  }
  return first;
}
