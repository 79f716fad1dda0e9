/**
 * `npm run eval:intents -- FILE.jsonl [--flows DIR] [--lexicon DIR]`
 * Scores the understanding on a labelled file; the LAST line of output is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { loadEnvironment } from '../env-file.js';
import { createNlu } from '../nlu/create-nlu.js';
import { EvalFileError, type EvalReport, evaluate, parseEvalLines } from '../nlu/eval-metrics.js';
import { loadNluModel, NluModelError } from '../nlu/load-nlu-model.js';

// `.env` and `<NAME>_FILE` secrets, as for `npm start` (FLOWS_DIR, REDIS_URL, NLU_CACHE_DIR...).
const environment = loadEnvironment(process.env);
for (const p of environment.problems) process.stderr.write(`config: ${p}\n`);
if (environment.problems.length > 0) process.exit(2);

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function print(report: EvalReport): void {
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out(`messages:              ${report.n}`);
  out(`accuracy:              ${pct(report.accuracy)}`);
  out(`macro-F1:              ${report.macroF1.toFixed(3)}`);
  out(`emergency recall:      ${pct(report.emergencyRecall)}`);
  out(`emergency precision:   ${pct(report.emergencyPrecision)}`);
  out(`out_of_scope precision:${pct(report.outOfScopePrecision).padStart(7)}`);
  out(`lowest faq.* recall:   ${pct(report.faqMinRecall)}`);
  out(`category accuracy:     ${pct(report.categoryAccuracy)} (complaint.new and emergency lines)`);
  out('by register:');
  for (const [k, v] of Object.entries(report.registers)) {
    out(
      `  ${k.padEnd(10)} n ${String(v.n).padStart(4)}  accuracy ${pct(v.accuracy).padStart(6)}  ` +
        `emergency recall ${pct(v.emergencyRecall).padStart(6)} (of ${v.emergencies})  precision ${pct(v.emergencyPrecision).padStart(6)}`,
    );
  }
  out();
  out(
    `${'intent'.padEnd(22)}${'n'.padStart(4)}${'pred'.padStart(6)}${'prec'.padStart(8)}${'recall'.padStart(8)}${'F1'.padStart(7)}`,
  );
  for (const [intent, s] of Object.entries(report.perIntent)) {
    if (s.support === 0 && s.predicted === 0) continue;
    out(
      `${intent.padEnd(22)}${String(s.support).padStart(4)}${String(s.predicted).padStart(6)}` +
        `${pct(s.precision).padStart(8)}${pct(s.recall).padStart(8)}${s.f1.toFixed(2).padStart(7)}`,
    );
  }
  out();
  out(`confusions (${report.confusions.length}): expected -> got (confidence) text`);
  for (const c of report.confusions) out(`  ${c.expected} -> ${c.got} (${c.confidence.toFixed(2)}) ${c.text}`);
  out(`category errors (${report.categoryErrors.length}): expected -> got  text`);
  for (const c of report.categoryErrors) out(`  ${c.expected} -> ${c.got}  ${c.text}`);
}

function main(): number {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]?.startsWith('--')));
  if (!file) {
    process.stderr.write('usage: npm run eval:intents -- FILE.jsonl [--flows flows] [--lexicon data/lexicon]\n');
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  try {
    const lines = parseEvalLines(content, file);
    const model = loadNluModel({
      flowsDir: option(args, '--flows', 'flows'),
      lexiconDir: option(args, '--lexicon', 'data/lexicon'),
    });
    const nlu = createNlu(model, { cacheDir: process.env.NLU_CACHE_DIR ?? 'var/cache' });
    const report = evaluate(lines, (t) => nlu.classify(t));
    print(report);
    const { perIntent: _p, confusions: _c, categoryErrors: _e, registers: _r, ...summary } = report;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof EvalFileError || e instanceof NluModelError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
