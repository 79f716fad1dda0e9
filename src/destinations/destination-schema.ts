/**
 * The shape of a destination file (data/destinations/<iso2>.yaml): what a worker needs to
 * know about one country, every fact with its source, the date it was checked and a
 * `verify` flag (true: only from news, old, conflicting or possibly superseded). zod is the
 * single source of truth; the content test fails on a fact without a source.
 */
import { z } from 'zod';

const isoDate = z.union([
  z.date().transform((d) => d.toISOString().slice(0, 10)),
  z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date YYYY-MM-DD (or YYYY-MM)'),
]);
const text = z.strictObject({ id: z.string().trim().min(1), en: z.string().trim().min(1) });
const source = z.string().trim().min(8, 'a source (URL or citation) is required');
const phone = z.string().trim().min(3).max(60);

export const JOBS = [
  'domestic',
  'caregiver',
  'factory',
  'construction',
  'plantation',
  'fishing',
  'care_home',
  'all',
] as const;
export type Job = (typeof JOBS)[number];

export const TOPICS = [
  'wage',
  'rest_day',
  'hours',
  'holidays',
  'leave',
  'agency_fee',
  'placement_cost',
  'contract',
  'age',
  'education',
  'documents',
  'visa',
  'insurance',
  'remittance',
  /** Duty-free allowances on goods a migrant worker sends or brings home (Indonesia's customs). */
  'customs',
  'scams',
  'change_employer',
  'loan',
  'passport',
  /** Replacing one's own passport that has run out or soon will, while abroad (at the Indonesian mission). */
  'passport_renewal',
  /** Housing the employer provides: minimum standards for workers' rooms, beds and toilets. */
  'housing',
  'deductions',
  'channels',
  'family',
  'training',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

const sourced = { source, checked: isoDate, verify: z.boolean().default(false), note: z.string().optional() };

export const emergencyNumberSchema = z.strictObject({
  service: z.string().regex(/^[a-z_]+$/),
  number: phone,
  source,
  checked: isoDate,
  note: z.string().optional(),
});

export const missionSchema = z.strictObject({
  name: text,
  city: z.string().optional(),
  phones: z.array(phone).default([]),
  hotlines: z.array(phone).default([]),
  web: z.string().optional(),
  address: z.string().optional(),
  ...sourced,
});

export const labourHotlineSchema = z.strictObject({
  name: text,
  number: phone,
  languages: z.array(z.string()).default([]),
  hours: z.string().optional(),
  ...sourced,
});

export const factSchema = z.strictObject({
  id: z.string().regex(/^[a-z]{2}-[a-z_]+-[a-z0-9_]+(-[a-z0-9_]+)*$/, 'fact id <iso2>-<topic>-<job or general>'),
  topic: z.enum(TOPICS),
  /**
   * Indonesia-wide facts only: topics this fact also answers beside a destination's own
   * ("dokumen apa saja ke Jepang?" gets Japan's visa rule and Indonesia's list of papers),
   * while questions naming no country keep the curated answers.
   */
  also: z.array(z.enum(TOPICS)).default([]),
  jobs: z.array(z.enum(JOBS)).min(1),
  short: text,
  detail: text.optional(),
  /**
   * The figure itself: an amount in a currency (ISO 4217) or a unit (hours, days, percent, years).
   * `per: daily_wage_divisor`: a day's pay is the monthly wage divided by `amount` (Singapore's 26);
   * the answer works it out from a monthly wage the question names.
   */
  value: z
    .strictObject({
      amount: z.number(),
      currency: z.string().min(1),
      per: z.string().optional(),
      /**
       * The lowest of rates that differ by region (Japan's prefectures): pay below it is below
       * every region's, pay above it may still be below the worker's own region.
       */
      lowest: z.boolean().optional(),
    })
    .optional(),
  /** The plain answer to "is it allowed / required?" questions about this fact, when there is one. */
  answer: z.enum(['yes', 'no', 'depends']).optional(),
  ...sourced,
  /**
   * Yes/no questions this fact answers: a question containing one of `q` (phrase-matcher
   * syntax) gets `a` first ("wajib libur?" -> yes; "boleh tahan paspor?" -> no).
   */
  yesno: z
    .array(z.strictObject({ q: z.array(z.string().min(1)).min(1), a: z.enum(['yes', 'no', 'depends']) }))
    .optional(),
});
export type Fact = z.infer<typeof factSchema>;

export const agencyCapSchema = z.strictObject({
  jobs: z.array(z.enum(JOBS)).min(1),
  kind: z.enum(['percent_first_month', 'per_month', 'months_salary', 'fixed', 'none_allowed']),
  value: z.number().nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  maxMonths: z.number().nullable().optional(),
  years: z.array(z.number()).nullable().optional(),
  text,
  ...sourced,
});
export type AgencyCap = z.infer<typeof agencyCapSchema>;

export const placementCostSchema = z.strictObject({
  jobs: z.array(z.enum(JOBS)).min(1),
  zeroCost: z.boolean(),
  maxIdr: z.number().nullable().optional(),
  text,
  ...sourced,
});
export type PlacementCost = z.infer<typeof placementCostSchema>;

export const destinationSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2'),
  name: text,
  checked: isoDate,
  emergency: z.array(emergencyNumberSchema).default([]),
  missions: z.array(missionSchema).default([]),
  labourHotlines: z.array(labourHotlineSchema).default([]),
  facts: z.array(factSchema).default([]),
  fees: z
    .strictObject({
      agencyCap: z.array(agencyCapSchema).default([]),
      indonesianPlacement: z.array(placementCostSchema).default([]),
    })
    .default({ agencyCap: [], indonesianPlacement: [] }),
});
export type Destination = z.infer<typeof destinationSchema>;
