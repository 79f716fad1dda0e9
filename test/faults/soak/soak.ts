/**
 * `npm run soak`: drives one bot process (and a worker) with a steady mixed workload for
 * SOAK_MINUTES (default 30) against a private redis-server, and reports at intervals the bot's
 * RSS, Redis's key count and memory, and the latency p50/p99 of the messages of that interval;
 * at the end their drift (last interval against the first). Not part of `npm test` or CI
 * (docs/faults.md). Exits 1 when a message went unanswered or a process exited.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sleep } from '../lib/fault-redis.js';
import { createKit, percentile } from '../lib/scenario-kit.js';
import { startWorkload } from './soak-workload.js';

const env = z
  .object({
    SOAK_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    SOAK_USERS: z.coerce.number().int().min(1).max(500).default(30),
    /** Seconds between reports; default: a tenth of the run, at least 10 s, at most 5 min. */
    SOAK_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).optional(),
  })
  .parse(process.env);

interface Row {
  minute: number;
  messages: number;
  failed: number;
  p50: number;
  p99: number;
  botRssMb: number;
  workerRssMb: number;
  keys: number;
  redisMb: number;
}

const runMs = env.SOAK_MINUTES * 60_000;
const intervalMs =
  (env.SOAK_INTERVAL_SECONDS ?? Math.min(300, Math.max(10, Math.round((env.SOAK_MINUTES * 60) / 10)))) * 1000;

const kit = await createKit('soak');
const bot = kit.bot('bot');
const worker = kit.worker('worker');
await Promise.all([bot.start(), worker.start()]);
const admin = kit.redis.client();
const started = Date.now();
const workload = startWorkload(bot, env.SOAK_USERS, started + runMs);
const rows: Row[] = [];
/** Each column as wide as its heading. */
const WIDTHS = [6, 8, 6, 6, 6, 10, 13, 10, 8];
const head = 'minute  messages  failed  p50 ms  p99 ms  bot RSS MB  worker RSS MB  redis keys  redis MB';
process.stdout.write(
  `soak: ${env.SOAK_MINUTES} min, ${env.SOAK_USERS} users, a report every ${intervalMs / 1000} s\n${head}\n`,
);

async function report(): Promise<void> {
  const samples = workload.drain();
  const ok = samples.filter((s) => s.ok).map((s) => s.ms);
  const memory = /used_memory:(\d+)/.exec(await admin.info('memory'))?.[1];
  const row: Row = {
    minute: (Date.now() - started) / 60_000,
    messages: samples.length,
    failed: samples.length - ok.length,
    p50: percentile(ok, 50),
    p99: percentile(ok, 99),
    botRssMb: (await bot.stats())?.rssMb ?? 0,
    workerRssMb: (await worker.stats())?.rssMb ?? 0,
    keys: await admin.dbsize(),
    redisMb: Number(memory ?? 0) / 1e6,
  };
  rows.push(row);
  const cells = [
    row.minute.toFixed(1),
    row.messages,
    row.failed,
    row.p50.toFixed(0),
    row.p99.toFixed(0),
    row.botRssMb,
    row.workerRssMb,
    row.keys,
    row.redisMb.toFixed(1),
  ];
  process.stdout.write(`${cells.map((c, i) => String(c).padStart(WIDTHS[i] ?? 8)).join('  ')}\n`);
}

while (Date.now() - started < runMs) {
  await sleep(Math.min(intervalMs, runMs - (Date.now() - started)));
  await report();
}
await workload.done;

const first = rows[0];
const last = rows.at(-1);
const failed = rows.reduce((n, r) => n + r.failed, 0);
const exits = kit.unexpectedExits();
const drift =
  first && last
    ? [
        `bot RSS ${first.botRssMb} -> ${last.botRssMb} MB (${signed(last.botRssMb - first.botRssMb)} MB)`,
        `worker RSS ${first.workerRssMb} -> ${last.workerRssMb} MB (${signed(last.workerRssMb - first.workerRssMb)} MB)`,
        `redis keys ${first.keys} -> ${last.keys} (${signed(last.keys - first.keys)}, ` +
          `${((last.keys - first.keys) / Math.max(1e-9, last.minute - first.minute)).toFixed(0)} a minute)`,
        `redis memory ${first.redisMb.toFixed(1)} -> ${last.redisMb.toFixed(1)} MB`,
        `p50 ${first.p50.toFixed(0)} -> ${last.p50.toFixed(0)} ms (x${ratio(last.p50, first.p50)}), ` +
          `p99 ${first.p99.toFixed(0)} -> ${last.p99.toFixed(0)} ms (x${ratio(last.p99, first.p99)})`,
      ]
    : [];
const summary = [
  `drift over ${env.SOAK_MINUTES} min (${workload.conversations()} conversations, ` +
    `${rows.reduce((n, r) => n + r.messages, 0)} messages, ${failed} unanswered, ${exits.length} process exits):`,
  ...drift.map((d) => `  ${d}`),
];
process.stdout.write(`\n${summary.join('\n')}\n`);
mkdirSync(join(process.cwd(), 'var'), { recursive: true });
writeFileSync(
  join(process.cwd(), 'var', 'soak-last.json'),
  JSON.stringify({ minutes: env.SOAK_MINUTES, users: env.SOAK_USERS, rows, exits, summary }, null, 2),
);
admin.disconnect();
await kit.close();
process.exit(failed > 0 || exits.length > 0 ? 1 : 0);

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : '-';
}
