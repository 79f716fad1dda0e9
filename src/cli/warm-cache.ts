/**
 * `npm run models:warm`: trains the understanding's models and parses the data files into
 * NLU_CACHE_DIR, so a new image or release starts by reading them (milliseconds) instead of
 * training (seconds of CPU before the first reply). The Dockerfile runs it at build time; a
 * cache that no longer matches the files is never used (see src/nlu/model-cache.ts).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setYamlCacheDir } from '../core/parse-yaml-cached.js';
import { loadDestinations } from '../destinations/load-destinations.js';
import { readFlowFiles } from '../flows/load-flows.js';
import { createNlu } from '../nlu/create-nlu.js';
import { loadNluModel } from '../nlu/load-nlu-model.js';
import { readConfigOrExit } from './read-config.js';

const config = readConfigOrExit('models:warm');
const started = performance.now();
setYamlCacheDir(join(config.NLU_CACHE_DIR, 'yaml'));
createNlu(loadNluModel({ flowsDir: config.FLOWS_DIR, lexiconDir: 'data/lexicon' }), { cacheDir: config.NLU_CACHE_DIR });
loadDestinations('data/destinations');
readFlowFiles(config.FLOWS_DIR);
process.stderr.write(
  `models:warm: cache ready in ${config.NLU_CACHE_DIR} (${Math.round(performance.now() - started)} ms)\n`,
);
