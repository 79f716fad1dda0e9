/**
 * `npm run eval:triage -- FILE.jsonl [--details]`
 * Sends each labelled line (the eval:intents format) through the whole bot as a fresh user,
 * in one process, and reports what the FIRST reply did: for emergencies, whether the user was
 * escalated as urgent with a contact number in that reply; for everything else, whether the
 * bot wrongly escalated it as an emergency; for distressed messages (emergencies, complaints,
 * lines marked `distress`), whether any got "did not understand" or a pick list.
 * The LAST line of output is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { loadEnvironment } from '../env-file.js';
import { hasContactNumber, NOT_UNDERSTOOD_KEYS, type ReplyKind, replyKind, replyText } from '../eval/reply-kind.js';
import { withWholeBot } from '../eval/whole-bot.js';
import { EvalFileError, parseEvalLines } from '../nlu/eval-metrics.js';

// `.env` and `<NAME>_FILE` secrets, as for `npm start` (FLOWS_DIR, REDIS_URL, NLU_CACHE_DIR...).
const environment = loadEnvironment(process.env);
for (const p of environment.problems) process.stderr.write(`config: ${p}\n`);
if (environment.problems.length > 0) process.exit(2);

const UNHELPFUL_FOR_DISTRESS: ReadonlySet<ReplyKind> = new Set(['not_understood', 'pick_list']);

function pct(a: number, b: number): string {
  return b === 0 ? '-' : `${((a / b) * 100).toFixed(1)}%`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const details = args.includes('--details');
  if (!file) {
    process.stderr.write('usage: npm run eval:triage -- FILE.jsonl [--details]\n');
    return 2;
  }
  let lines: ReturnType<typeof parseEvalLines>;
  try {
    lines = parseEvalLines(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (e instanceof EvalFileError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const kinds: Record<string, number> = {};
  const missed: string[] = [];
  const noNumber: string[] = [];
  const falseAlarms: string[] = [];
  const unhelpful: string[] = [];
  const wrongCategory: string[] = [];
  let emergencies = 0;
  let escalated = 0;
  let escalatedWithNumber = 0;
  let others = 0;
  let wronglyEscalated = 0;
  let distressed = 0;
  let categoryOk = 0;
  await withWholeBot(process.env, async (bot) => {
    const notUnderstood = NOT_UNDERSTOOD_KEYS.flatMap((k) => bot.textsOf(k));
    for (const line of lines) {
      const reply = await bot.askFresh(line.text);
      const kind = replyKind(reply, notUnderstood);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const show = (extra = '') => `  [${kind}${extra}] ${line.text.replace(/\s+/g, ' ').slice(0, 160)}`;
      if (line.intent === 'emergency') {
        emergencies++;
        if (kind === 'emergency') {
          escalated++;
          if (hasContactNumber(reply)) escalatedWithNumber++;
          else noNumber.push(show());
          // The category staff triage by: the one on the handover (the card), else the form's.
          const got = reply.state?.escalation?.category ?? reply.session?.handover?.category;
          if (line.category && got === line.category) categoryOk++;
          else if (line.category) wrongCategory.push(show(` ${line.category} -> ${String(got ?? '(none)')}`));
        } else missed.push(show());
      } else {
        others++;
        if (kind === 'emergency') {
          wronglyEscalated++;
          falseAlarms.push(show(` expected ${line.intent}`));
        }
      }
      if (line.intent === 'emergency' || line.intent === 'complaint.new' || line.distress) {
        distressed++;
        if (UNHELPFUL_FOR_DISTRESS.has(kind)) unhelpful.push(show(` expected ${line.intent}`));
      }
      if (details) out(`${JSON.stringify({ text: line.text, expected: line.intent, kind, reply: replyText(reply) })}`);
    }
  });
  out(`messages:                       ${lines.length}`);
  out(
    `emergencies escalated + number: ${escalatedWithNumber}/${emergencies} (${pct(escalatedWithNumber, emergencies)})`,
  );
  out(`emergencies escalated (any):    ${escalated}/${emergencies}`);
  out(`urgent category right:          ${categoryOk}/${escalated}`);
  out(`others wrongly escalated:       ${wronglyEscalated}/${others} (${pct(wronglyEscalated, others)})`);
  out(`distressed, not understood:     ${unhelpful.length}/${distressed}`);
  out(
    `first replies by kind:          ${Object.entries(kinds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const section = (title: string, list: string[]) => {
    out();
    out(`${title} (${list.length})`);
    for (const l of list) out(l);
  };
  section('missed emergencies', missed);
  section('escalated without a number', noNumber);
  section('false alarms', falseAlarms);
  section('distressed messages not understood', unhelpful);
  section('urgent category wrong', wrongCategory);
  out(
    JSON.stringify({
      n: lines.length,
      emergencies,
      escalated,
      escalatedWithNumber,
      escalationRate: Math.round((escalatedWithNumber / Math.max(1, emergencies)) * 1000) / 1000,
      urgentCategoryRight: categoryOk,
      others,
      wronglyEscalated,
      falseAlarmRate: Math.round((wronglyEscalated / Math.max(1, others)) * 1000) / 1000,
      distressed,
      distressedNotUnderstood: unhelpful.length,
      kinds,
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`eval:triage failed: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
