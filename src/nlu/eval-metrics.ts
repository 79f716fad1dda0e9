/**
 * Scoring of the understanding against a labelled JSONL file shaped like
 * ../shared/eval/intents-dev.jsonl: accuracy, macro-F1, per-intent precision/recall,
 * emergency recall, out-of-scope precision, category accuracy, confusions.
 */
import { z } from 'zod';
import { CATEGORIES, INTENTS } from './nlu-model.js';
import type { NluResult } from './nlu-types.js';

/** Other keys (a writer's persona or note) are allowed and ignored. */
export const evalLineSchema = z.object({
  text: z.string(),
  intent: z.enum(INTENTS),
  category: z.enum(CATEGORIES).optional(),
  register: z.string().optional(),
  /** The writer is frightened, crying or pleading (emergency or not): never "did not understand". */
  distress: z.boolean().optional(),
});
export type EvalLine = z.infer<typeof evalLineSchema>;

export class EvalFileError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid evaluation file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EvalFileError';
  }
}

/** Parses JSONL; every bad line is reported with its number. */
export function parseEvalLines(content: string, file: string): EvalLine[] {
  const problems: string[] = [];
  const lines: EvalLine[] = [];
  content.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const parsed = evalLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(
        `${file}:${i + 1}: ${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`,
      );
      return;
    }
    lines.push(parsed.data);
  });
  if (lines.length === 0 && problems.length === 0) problems.push(`${file}: no lines`);
  if (problems.length > 0) throw new EvalFileError(problems);
  return lines;
}

export interface IntentScore {
  support: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  n: number;
  accuracy: number;
  macroF1: number;
  emergencyRecall: number;
  emergencyPrecision: number;
  outOfScopePrecision: number;
  faqMinRecall: number;
  categoryAccuracy: number;
  byRegister: Record<string, number>;
  /** Per register: lines, accuracy, emergency recall and precision. */
  registers: Record<string, RegisterScore>;
  perIntent: Record<string, IntentScore>;
  confusions: { expected: string; got: string; text: string; confidence: number }[];
  categoryErrors: { expected: string; got: string; text: string }[];
}

export interface RegisterScore {
  n: number;
  accuracy: number;
  emergencies: number;
  emergencyRecall: number;
  emergencyPrecision: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const r3 = (v: number) => Math.round(v * 1000) / 1000;

export function evaluate(lines: readonly EvalLine[], classify: (text: string) => NluResult): EvalReport {
  const perIntent: Record<string, IntentScore> = {};
  for (const i of INTENTS) perIntent[i] = { support: 0, predicted: 0, precision: 0, recall: 0, f1: 0 };
  const correct: Record<string, number> = {};
  const confusions: EvalReport['confusions'] = [];
  const categoryErrors: EvalReport['categoryErrors'] = [];
  const register: Record<string, { ok: number; n: number; em: number; emHit: number; emPred: number }> = {};
  let ok = 0;
  let catOk = 0;
  let catN = 0;
  for (const line of lines) {
    const result = classify(line.text);
    const got = result.intent ?? 'out_of_scope';
    const expected = line.intent;
    (perIntent[expected] as IntentScore).support++;
    (perIntent[got] as IntentScore).predicted++;
    const regKey = line.register ?? 'unknown';
    const reg = register[regKey] ?? { ok: 0, n: 0, em: 0, emHit: 0, emPred: 0 };
    register[regKey] = reg;
    reg.n++;
    if (expected === 'emergency') reg.em++;
    if (got === 'emergency') reg.emPred++;
    if (got === 'emergency' && expected === 'emergency') reg.emHit++;
    if (got === expected) {
      ok++;
      reg.ok++;
      correct[got] = (correct[got] ?? 0) + 1;
    } else confusions.push({ expected, got, text: line.text, confidence: result.confidence });
    if (line.category) {
      catN++;
      const gotCategory = result.entities.category ?? '(none)';
      if (gotCategory === line.category) catOk++;
      else categoryErrors.push({ expected: line.category, got: gotCategory, text: line.text });
    }
  }
  const present = INTENTS.filter((i) => (perIntent[i] as IntentScore).support > 0);
  for (const i of INTENTS) {
    const s = perIntent[i] as IntentScore;
    const c = correct[i] ?? 0;
    s.precision = r3(ratio(c, s.predicted));
    s.recall = r3(ratio(c, s.support));
    s.f1 = r3(s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall));
  }
  const faq = present.filter((i) => i.startsWith('faq.'));
  return {
    n: lines.length,
    accuracy: r3(ratio(ok, lines.length)),
    macroF1: r3(present.reduce((sum, i) => sum + (perIntent[i] as IntentScore).f1, 0) / Math.max(1, present.length)),
    emergencyRecall: (perIntent.emergency as IntentScore).recall,
    emergencyPrecision: (perIntent.emergency as IntentScore).precision,
    outOfScopePrecision: (perIntent.out_of_scope as IntentScore).precision,
    faqMinRecall: faq.length ? Math.min(...faq.map((i) => (perIntent[i] as IntentScore).recall)) : 1,
    categoryAccuracy: r3(ratio(catOk, catN)),
    byRegister: Object.fromEntries(Object.entries(register).map(([k, v]) => [k, r3(ratio(v.ok, v.n))])),
    registers: Object.fromEntries(
      Object.entries(register).map(([k, v]) => [
        k,
        {
          n: v.n,
          accuracy: r3(ratio(v.ok, v.n)),
          emergencies: v.em,
          emergencyRecall: r3(ratio(v.emHit, v.em)),
          emergencyPrecision: r3(ratio(v.emHit, v.emPred)),
        },
      ]),
    ),
    perIntent,
    confusions,
    categoryErrors,
  };
}
