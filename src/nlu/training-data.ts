/**
 * Training examples kept as JSONL beside the intent files (data/training/*.jsonl): many
 * varied messages per intent, in every register and language the bot meets, written for
 * training only (never copied from an evaluation set). One object per line:
 *   {"text": "...", "intent": "...", "category": "...", "register": "..."}
 * `category` only for complaint.new and emergency. Every bad line is reported with its file
 * and line number.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, INTENTS } from './nlu-model.js';

export const trainingLineSchema = z
  .object({
    text: z.string().trim().min(1, 'empty text').max(4000, 'text longer than 4000 characters'),
    intent: z.enum(INTENTS),
    category: z.enum(CATEGORIES).optional(),
    register: z.enum(['formal', 'informal', 'regional']).optional(),
  })
  .refine(
    (l) => (l.intent === 'complaint.new' || l.intent === 'emergency') === (l.category !== undefined),
    'category is required for complaint.new and emergency, and only for them',
  );
export type TrainingLine = z.infer<typeof trainingLineSchema>;

export function trainingFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads every JSONL file of `dir` (none is fine); problems are appended, bad lines skipped. */
export function loadTrainingData(dir: string, problems: string[]): TrainingLine[] {
  const out: TrainingLine[] = [];
  for (const file of trainingFiles(dir)) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      continue;
    }
    content.split('\n').forEach((raw, i) => {
      if (!raw.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        problems.push(`${file}:${i + 1}: not valid JSON`);
        return;
      }
      const parsed = trainingLineSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push(
          `${file}:${i + 1}: ${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`,
        );
        return;
      }
      out.push(parsed.data);
    });
  }
  return out;
}
