/**
 * A complaint worker process for the fault suite: `npm run worker`'s composition with short
 * BullMQ locks, so a job caught by SIGKILL is taken again within seconds, not after 30 s.
 * Configuration from the environment (src/config.ts); the lock settings come as one JSON
 * argument because they are test tunables, not bot configuration.
 */
import { createComplaintWorker } from '../../../src/complaints/complaint-worker.js';
import { parseConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import type { FromChild, ToChild } from '../lib/ipc-protocol.js';

const tunables = JSON.parse(process.argv[2] ?? '{}') as {
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  concurrency?: number;
};
const config = parseConfig(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, format: 'json' });
const send = (m: FromChild) => process.send?.(m);

let unhandledRejections = 0;
process.on('unhandledRejection', (err) => {
  unhandledRejections += 1;
  logger.error({ err }, 'faults: unhandled rejection');
});

const worker = createComplaintWorker({
  connection: config.redisUrl,
  queuePrefix: config.QUEUE_PREFIX,
  redisPrefix: config.REDIS_PREFIX,
  concurrency: tunables.concurrency ?? config.WORKER_CONCURRENCY,
  logger,
  lockDurationMs: tunables.lockDurationMs ?? 2000,
  stalledIntervalMs: tunables.stalledIntervalMs ?? 1000,
});

process.on('message', (m: ToChild) => {
  if (m.t === 'stats') {
    send({
      t: 'stats',
      id: m.id,
      stats: { pid: process.pid, unhandledRejections, rssMb: Math.round(process.memoryUsage().rss / 1e6) },
    });
  } else if (m.t === 'stop') {
    void worker.close().finally(() => {
      send({ t: 'done', id: m.id });
      process.exit(0);
    });
  } else if (m.t === 'handle') {
    send({ t: 'result', id: m.id, ok: false, error: 'a worker handles no messages' });
  }
});

await worker.waitUntilReady();
send({ t: 'ready', pid: process.pid });
