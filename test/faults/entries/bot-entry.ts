/**
 * One bot process for the fault suite: the production composition (src/compose-bot.ts) with
 * the configuration parsed from the environment as src/main.ts does for `npm start`, so
 * channels configured there (Telegram against the fake Bot API, by polling or by webhook on
 * HTTP_PORT) run for real, and the handler is the one channels get (rate limits included).
 * The suite also drives that handler over Node IPC, one `handle` per message, the way the
 * terminal channel does. A `handle` that throws is reported as an error: a real channel would
 * leave the user without an answer.
 */
import { composeBot } from '../../../src/compose-bot.js';
import { parseConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import type { FromChild, ToChild } from '../lib/ipc-protocol.js';

const config = parseConfig(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, format: 'json' });
const send = (m: FromChild) => process.send?.(m);

let unhandledRejections = 0;
process.on('unhandledRejection', (err) => {
  unhandledRejections += 1;
  logger.error({ err }, 'faults: unhandled rejection');
});

const bot = await composeBot({
  config,
  logger,
  consoleOutput: null,
  http: config.HTTP_ENABLED,
  withChannels: true,
});
await bot.start();

process.on('message', (raw: ToChild) => {
  void onMessage(raw);
});

async function onMessage(m: ToChild): Promise<void> {
  switch (m.t) {
    case 'handle':
      try {
        send({ t: 'result', id: m.id, ok: true, result: await bot.handler.handle(m.msg) });
      } catch (err) {
        send({ t: 'result', id: m.id, ok: false, error: `${(err as Error)?.name}: ${(err as Error)?.message}` });
      }
      return;
    case 'stats':
      send({
        t: 'stats',
        id: m.id,
        stats: { pid: process.pid, unhandledRejections, rssMb: Math.round(process.memoryUsage().rss / 1e6) },
      });
      return;
    case 'settle':
      await bot.settle().catch(() => undefined);
      send({ t: 'done', id: m.id });
      return;
    case 'stop':
      await bot.close().catch(() => undefined);
      send({ t: 'done', id: m.id });
      process.exit(0);
  }
}

send({ t: 'ready', pid: process.pid });
