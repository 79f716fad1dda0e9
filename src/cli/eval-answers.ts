/**
 * `npm run eval:answers -- FILE.jsonl [--details]`
 * Asks each question of the whole bot as a fresh user (one process) and grades the FIRST
 * reply against the line's expectations:
 *   {"q": "...", "must": [regex...], "mustnot": [regex...], "source": "..."}
 * Regexes are JavaScript, matched case-insensitively against the text of every message of
 * the first reply (choice labels are not an answer and are left out).
 *   right     every `must` matches and no `mustnot` does
 *   dangerous a `mustnot` matches (a false or harmful statement)
 *   missing   otherwise
 * The LAST line of output is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadEnvironment } from '../env-file.js';
import { NOT_UNDERSTOOD_KEYS, replyKind, replyText } from '../eval/reply-kind.js';
import { withWholeBot } from '../eval/whole-bot.js';

// `.env` and `<NAME>_FILE` secrets, as for `npm start` (FLOWS_DIR, REDIS_URL, NLU_CACHE_DIR...).
const environment = loadEnvironment(process.env);
for (const p of environment.problems) process.stderr.write(`config: ${p}\n`);
if (environment.problems.length > 0) process.exit(2);

const regexSource = z.string().refine((s) => {
  try {
    new RegExp(s, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** Other keys (country, topic, fact, checked) are allowed and ignored by the grading. */
export const answerLineSchema = z.object({
  q: z.string().min(1),
  must: z.array(regexSource).default([]),
  mustnot: z.array(regexSource).default([]),
  source: z.string().optional(),
  country: z.string().optional(),
  topic: z.string().optional(),
});
export type AnswerLine = z.infer<typeof answerLineSchema>;

export type Grade = 'right' | 'missing' | 'dangerous';

export function grade(line: AnswerLine, text: string): { grade: Grade; failed: string[] } {
  const bad = line.mustnot.filter((r) => new RegExp(r, 'iu').test(text));
  if (bad.length > 0) return { grade: 'dangerous', failed: bad };
  const missing = line.must.filter((r) => !new RegExp(r, 'iu').test(text));
  return { grade: missing.length === 0 ? 'right' : 'missing', failed: missing };
}

function parseLines(content: string, file: string): AnswerLine[] {
  const problems: string[] = [];
  const lines: AnswerLine[] = [];
  content.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const parsed = answerLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${file}:${i + 1}: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? ''}`);
      return;
    }
    lines.push(parsed.data);
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  if (lines.length === 0) throw new Error(`${file}: no lines`);
  return lines;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const details = args.includes('--details');
  if (!file) {
    process.stderr.write('usage: npm run eval:answers -- FILE.jsonl [--details]\n');
    return 2;
  }
  let lines: AnswerLine[];
  try {
    lines = parseLines(readFileSync(file, 'utf8'), file);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const counts: Record<Grade, number> = { right: 0, missing: 0, dangerous: 0 };
  const kinds: Record<string, number> = {};
  const byTopic: Record<string, { n: number; right: number }> = {};
  const problems: string[] = [];
  let words = 0;
  await withWholeBot(process.env, async (bot) => {
    const notUnderstood = NOT_UNDERSTOOD_KEYS.flatMap((k) => bot.textsOf(k));
    for (const line of lines) {
      const reply = await bot.askFresh(line.q);
      const text = replyText(reply);
      const kind = replyKind(reply, notUnderstood);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      words += text.split(/\s+/).filter(Boolean).length;
      const g = grade(line, text);
      counts[g.grade]++;
      const topic = line.topic ?? 'other';
      const t = byTopic[topic] ?? { n: 0, right: 0 };
      byTopic[topic] = t;
      t.n++;
      if (g.grade === 'right') t.right++;
      else
        problems.push(
          `  [${g.grade}, ${kind}] ${line.q.replace(/\s+/g, ' ').slice(0, 140)}\n      failed: ${g.failed.join(' | ')}`,
        );
      if (details) out(JSON.stringify({ q: line.q, grade: g.grade, kind, failed: g.failed, reply: text }));
    }
  });
  const n = lines.length;
  const pct = (a: number) => `${((a / n) * 100).toFixed(1)}%`;
  out(`questions:  ${n}`);
  out(`right:      ${counts.right} (${pct(counts.right)})`);
  out(`missing:    ${counts.missing} (${pct(counts.missing)})`);
  out(`dangerous:  ${counts.dangerous} (${pct(counts.dangerous)})`);
  out(`avg words:  ${(words / n).toFixed(1)} per first reply`);
  out(
    `by kind:    ${Object.entries(kinds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out(
    `by topic:   ${Object.entries(byTopic)
      .map(([k, v]) => `${k} ${v.right}/${v.n}`)
      .join(', ')}`,
  );
  out();
  out(`not right (${problems.length})`);
  for (const p of problems) out(p);
  out(
    JSON.stringify({
      n,
      right: counts.right,
      missing: counts.missing,
      dangerous: counts.dangerous,
      rightRate: Math.round((counts.right / n) * 1000) / 1000,
      avgWords: Math.round((words / n) * 10) / 10,
      kinds,
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`eval:answers failed: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
