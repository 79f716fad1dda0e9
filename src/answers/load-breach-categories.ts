/** data/answers/breach-categories.yaml: the complaint category offered when an answer says a rule is broken. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { complaintCategorySchema } from '../complaints/complaint-schema.js';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';
import { TOPICS } from '../destinations/destination-schema.js';
import { AnswerDataError } from './job-ad-rules.js';

export const breachCategoriesSchema = z.partialRecord(z.enum(TOPICS), complaintCategorySchema);
export type BreachCategories = z.infer<typeof breachCategoriesSchema>;

export function loadBreachCategories(file: string): BreachCategories {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AnswerDataError([`${file}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = breachCategoriesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AnswerDataError(parsed.error.issues.map((i) => `${file}: ${i.message} at ${i.path.join('.')}`));
  }
  return parsed.data;
}
