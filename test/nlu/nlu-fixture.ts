/** One understanding built from the real flows/intents and data/lexicon, shared by a test file. */
import { createNlu } from '../../src/nlu/create-nlu.js';
import { loadNluModel } from '../../src/nlu/load-nlu-model.js';
import type { Nlu } from '../../src/nlu/nlu-types.js';

let nlu: Nlu | undefined;

export function realNlu(): Nlu {
  nlu ??= createNlu(loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }), { cacheDir: 'var/cache' });
  return nlu;
}

export const HOLDOUT_SET = 'test/fixtures/intents-holdout.jsonl';
export const FRESH_SET = 'test/nlu/fixtures/intents-fresh.jsonl';
