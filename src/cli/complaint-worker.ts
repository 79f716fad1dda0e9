/**
 * `npm run worker`: the complaint worker as its own process (production runs the bot and the
 * worker separately; `npm start` runs both in one). Configuration as for the bot (src/config.ts).
 * SIGTERM/SIGINT close it gracefully: no new jobs, running ones finish.
 */
import { createComplaintWorker } from '../complaints/complaint-worker.js';
import { createLogger } from '../logger.js';
import { configWarnings } from '../ops/production-warnings.js';
import { readRedisWarnings } from '../startup-checks.js';
import { readConfigOrExit } from './read-config.js';

const config = readConfigOrExit('worker');
const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
// The worker serves no HTTP: only the Redis and secret warnings concern it.
for (const w of [...configWarnings(config), ...(await readRedisWarnings(config))]) {
  if (w.setting !== 'METRICS_TOKEN') logger.warn({ setting: w.setting }, w.message);
}
const webhook =
  config.COMPLAINT_WEBHOOK_URL && config.COMPLAINT_WEBHOOK_SECRET
    ? { url: config.COMPLAINT_WEBHOOK_URL, secret: config.COMPLAINT_WEBHOOK_SECRET }
    : undefined;
const worker = createComplaintWorker({
  connection: config.redisUrl,
  queuePrefix: config.QUEUE_PREFIX,
  redisPrefix: config.REDIS_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  logger,
  webhook,
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'complaint worker stopping');
  // A job that does not finish in time is picked up again by another worker after its lock expires.
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  await worker.close();
  logger.info({ ...worker.counters() }, 'complaint worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await worker.waitUntilReady();
logger.info({ concurrency: config.WORKER_CONCURRENCY, webhook: webhook !== undefined }, 'complaint worker started');
