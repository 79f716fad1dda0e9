/** data/answers/rates.yaml: approximate rupiah per unit of each currency (red-flag heuristics only). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';
import { AnswerDataError } from './job-ad-rules.js';

export const ratesSchema = z.strictObject({
  checked: z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string()]),
  source: z.string().min(8),
  idrPerUnit: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
});

export function loadRates(file: string): Record<string, number> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AnswerDataError([`${file}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = ratesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AnswerDataError(parsed.error.issues.map((i) => `${file}: ${i.message} at ${i.path.join('.')}`));
  }
  return parsed.data.idrPerUnit;
}
