/**
 * Next-step deadlines of complaint cases (data/cases/deadlines.json). Cases stall when nobody
 * owns the next step; a visible deadline gives the worker something to hold staff to and lets
 * the sweep tell staff when one passes. The clock starts at filing and again whenever staff
 * move the case, so the deadline is always for the *next* step, never for the whole case.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dayStart, shiftDay, zonedDay } from '../zoned-time.js';
import { type CaseStatus, type ComplaintCategory, complaintCategorySchema } from './complaint-schema.js';

export const DEADLINES_FILE = 'data/cases/deadlines.json';

const ruleSchema = z.union([
  z.strictObject({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  z.strictObject({ workingDays: z.number().int().min(1).max(60) }),
]);
export type DeadlineRule = z.infer<typeof ruleSchema>;

export const deadlineRulesSchema = z.object({
  version: z.literal(1),
  urgent: ruleSchema,
  default: ruleSchema,
  categories: z.partialRecord(complaintCategorySchema, ruleSchema).default({}),
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  checkInAfterDays: z.number().int().min(1).max(90),
});
export type DeadlineRules = z.infer<typeof deadlineRulesSchema>;

export class DeadlineRulesError extends Error {
  override name = 'DeadlineRulesError';
}

export function loadDeadlineRules(path = DEADLINES_FILE): DeadlineRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DeadlineRulesError(`${path}: ${(err as Error).message}`);
  }
  const parsed = deadlineRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DeadlineRulesError(`${path}: ${where}`);
  }
  return parsed.data;
}

/** What a deadline is computed from: the case's category and urgency, and when it last moved. */
export interface DeadlineInput {
  category: ComplaintCategory;
  urgent: boolean;
  status: CaseStatus;
  /** ISO time the case was filed or last moved by staff. */
  since: string;
}

export interface DeadlinePolicy {
  readonly checkInAfterDays: number;
  /** The next-step deadline (epoch ms), or null for a case that is resolved or closed. */
  deadlineOf(c: DeadlineInput): number | null;
  ruleOf(c: Pick<DeadlineInput, 'category' | 'urgent'>): DeadlineRule;
}

const DONE: ReadonlySet<CaseStatus> = new Set(['resolved', 'closed']);

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD` day. */
function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, d as number)).getUTCDay() || 7;
}

export function createDeadlinePolicy(rules: DeadlineRules, timeZone: string): DeadlinePolicy {
  const working = new Set(rules.workingWeekdays);
  const holidays = new Set(rules.holidays);
  const isWorkingDay = (day: string) => working.has(weekday(day)) && !holidays.has(day);

  function ruleOf(c: Pick<DeadlineInput, 'category' | 'urgent'>): DeadlineRule {
    if (c.urgent) return rules.urgent;
    return rules.categories[c.category] ?? rules.default;
  }

  /** The end (last ms) of the `n`th working day after the day `at` falls on in the hotline's zone. */
  function afterWorkingDays(at: number, n: number): number {
    let day = zonedDay(at, timeZone);
    let left = n;
    // A year of days is far more than any rule asks; the bound only guards a calendar with no working day.
    for (let i = 0; i < 366 && left > 0; i++) {
      day = shiftDay(day, 1);
      if (isWorkingDay(day)) left--;
    }
    return dayStart(shiftDay(day, 1), timeZone) - 1;
  }

  return {
    checkInAfterDays: rules.checkInAfterDays,
    ruleOf,
    deadlineOf(c) {
      if (DONE.has(c.status)) return null;
      const since = Date.parse(c.since);
      if (!Number.isFinite(since)) return null;
      const rule = ruleOf(c);
      return 'hours' in rule ? since + rule.hours * 3_600_000 : afterWorkingDays(since, rule.workingDays);
    },
  };
}
