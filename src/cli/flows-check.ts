/**
 * `npm run flows:check`: validates every flow, locale, intent file and content file, prints
 * each problem on its own line, and exits non-zero on any.
 */

import { ACTION_NAMES } from '../action-names.js';
import { INTENT_LABELS } from '../compose-bot.js';
import { validateFlows } from '../engine/validate-flows.js';
import { loadEnvironment } from '../env-file.js';
import { readFlowFiles } from '../flows/load-flows.js';
import { checkLocaleParity, createTranslator, loadLocales } from '../i18n/create-translator.js';
import { loadNluModel } from '../nlu/load-nlu-model.js';

// `.env` and `<NAME>_FILE` secrets, as for `npm start` (FLOWS_DIR, REDIS_URL, NLU_CACHE_DIR...).
const environment = loadEnvironment(process.env);
for (const p of environment.problems) process.stderr.write(`config: ${p}\n`);
if (environment.problems.length > 0) process.exit(2);

const flowsDir = process.env.FLOWS_DIR ?? 'flows';
const localesDir = process.env.LOCALES_DIR ?? 'locales';
const problems: string[] = [];
let translator: ReturnType<typeof createTranslator> | undefined;
try {
  const locales = loadLocales(localesDir);
  problems.push(...checkLocaleParity(locales));
  translator = createTranslator(locales);
} catch (err) {
  problems.push(...((err as { problems?: string[] }).problems ?? [(err as Error).message]));
}
try {
  loadNluModel({ flowsDir, lexiconDir: 'data/lexicon' });
} catch (err) {
  problems.push(...((err as { problems?: string[] }).problems ?? [(err as Error).message]));
}
const read = readFlowFiles(flowsDir);
problems.push(...read.problems);
if (read.problems.length === 0 && translator) {
  problems.push(
    ...validateFlows(read.flows, read.files, {
      actions: ACTION_NAMES,
      missingIn: translator.missingIn,
      intents: INTENT_LABELS,
    }),
  );
}
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`✖ ${p}\n`);
  process.stderr.write(`${problems.length} problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`✔ ${read.flows.size} flows, locales and intents are valid\n`);
