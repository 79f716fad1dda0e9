/**
 * Red flags of a forwarded job advert or recruiter message, weighted, kept as data
 * (data/answers/job-ad-rules.yaml): phrase rules, and the weights of the checks the bot computes
 * itself (pay far above the destination's norm, an agency not in the registry, an age outside
 * the rules). Legitimate signals carry negative weights.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';

const text = z.strictObject({ id: z.string().min(1), en: z.string().min(1) });
const computedRule = z.strictObject({ weight: z.number().min(-10).max(10), reason: text });

export const jobAdRulesSchema = z.strictObject({
  thresholds: z.strictObject({ scam: z.number(), suspicious: z.number() }),
  rules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9_]+$/),
        weight: z.number().min(-10).max(10),
        phrases: z.array(z.string().min(1)).min(1),
        with: z.array(z.string().min(1)).optional(),
        reason: text,
      }),
    )
    .min(1),
  computed: z.strictObject({
    salary_far_above_norm: computedRule,
    agency_not_in_registry: computedRule,
    agency_licensed: computedRule,
    age_outside_rules: computedRule,
  }),
});
export type JobAdRules = z.infer<typeof jobAdRulesSchema>;

export class AnswerDataError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid answer data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AnswerDataError';
  }
}

export function loadJobAdRules(file: string): JobAdRules {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AnswerDataError([`${file}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = jobAdRulesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AnswerDataError(parsed.error.issues.map((i) => `${file}: ${i.message} at ${i.path.join('.')}`));
  }
  return parsed.data;
}
