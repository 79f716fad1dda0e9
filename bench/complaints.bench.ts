/**
 * `npm run bench:complaints [-- --n 10000 --producers 100 --concurrency 50]`
 *
 * Enqueues N complaints through the real intake and runs the real worker in the same process,
 * and moves the same payloads through a bare BullMQ producer and worker on the same Redis
 * (the floor). Rounds alternate floor and ours so load from other processes on the machine
 * hits both alike; the verdict uses the median round of each. Prints throughput, p50/p99
 * from confirmation to stored case, and missing or duplicated cases.
 * Targets: >= 1,000 complaints/s and >= half the floor's throughput.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { newComplaintId, newTicket } from '../src/complaints/complaint-ids.js';
import { createComplaintIntake } from '../src/complaints/complaint-intake.js';
import { complaintKeys } from '../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../src/complaints/complaint-schema.js';
import { createComplaintWorker } from '../src/complaints/complaint-worker.js';
import { parseConfig } from '../src/config.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    producers: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const ROUNDS = Number(values.rounds);
const N = Number(values.n);
const PRODUCERS = Number(values.producers);
const CONCURRENCY = Number(values.concurrency);
const url = parseConfig(process.env).redisUrl;
// The staff notice is a real log line, written where nobody reads it.
const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));

const CATEGORIES = ['unpaid_wages', 'document_withheld', 'want_to_go_home', 'overwork_no_rest'] as const;
function payloads(): ComplaintJob[] {
  return Array.from({ length: N }, (_, i) => ({
    id: newComplaintId(),
    ticket: newTicket(),
    createdAt: new Date().toISOString(),
    channel: 'telegram',
    language: 'id',
    reporter: 'self',
    category: CATEGORIES[i % CATEGORIES.length] as ComplaintJob['category'],
    country: i % 2 ? 'TW' : 'HK',
    description: 'Gaji saya belum dibayar tiga bulan dan paspor ditahan majikan. '.repeat(3),
    employerName: 'Mr Lee',
    attachments: [],
    contact: { method: 'this_chat' },
    consent: true,
    urgent: i % 50 === 0,
  }));
}

/** Runs `fn` over items with at most `limit` in flight (many users confirming at once). */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

interface Figures {
  /** Until the last confirmation returned (the producers' side). */
  enqueueSeconds: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  missing: number;
}

function figures(start: number, enqueued: number, sent: Map<string, number>, done: Map<string, number>): Figures {
  const lat = [...done].map(([id, t]) => t - (sent.get(id) ?? t)).sort((a, b) => a - b);
  const end = Math.max(...done.values());
  const seconds = (end - start) / 1000;
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? Number.NaN;
  return {
    enqueueSeconds: (enqueued - start) / 1000,
    seconds,
    perSecond: done.size / seconds,
    p50: q(0.5),
    p99: q(0.99),
    missing: N - done.size,
  };
}

async function waitAll(done: Map<string, number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (done.size < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

async function floor(items: ComplaintJob[], prefix: string): Promise<Figures> {
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('complaints', { connection: conn, prefix });
  const sent = new Map<string, number>();
  const done = new Map<string, number>();
  const worker = new Worker('complaints', async () => undefined, {
    connection: conn,
    prefix,
    concurrency: CONCURRENCY,
  });
  worker.on('completed', (job) => done.set(job.id as string, performance.now()));
  await worker.waitUntilReady();
  const start = performance.now();
  await pool(items, PRODUCERS, async (c) => {
    sent.set(c.id, performance.now());
    await queue.add('complaint', c, { jobId: c.id, removeOnComplete: { age: 3600 } });
  });
  const enqueued = performance.now();
  await waitAll(done, 120_000);
  const f = figures(start, enqueued, sent, done);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await conn.quit();
  return f;
}

async function ours(
  items: ComplaintJob[],
  queuePrefix: string,
  redisPrefix: string,
): Promise<Figures & { duplicates: number; spooled: number }> {
  const spoolDir = mkdtempSync(join(tmpdir(), 'bench-spool-'));
  const sent = new Map<string, number>();
  const done = new Map<string, number>();
  let duplicates = 0;
  let spooled = 0;
  const worker = createComplaintWorker({
    connection: url,
    queuePrefix,
    redisPrefix,
    concurrency: CONCURRENCY,
    logger,
    onStored: ({ id, created }) => {
      if (!created) duplicates += 1;
      done.set(id, performance.now());
    },
  });
  await worker.waitUntilReady();
  const intake = createComplaintIntake({
    connection: url,
    queuePrefix,
    redisPrefix,
    spoolDir,
    logger,
    replayEveryMs: 0,
  });
  const start = performance.now();
  await pool(items, PRODUCERS, async (c) => {
    sent.set(c.id, performance.now());
    const r = await intake.submit({ complaint: c, userId: `user-${c.id.slice(4, 12)}`, pin: '123456' });
    if (r.status === 'spooled') spooled += 1;
  });
  const enqueued = performance.now();
  await waitAll(done, 120_000);
  const f = figures(start, enqueued, sent, done);
  // Missing = no case record in Redis, whatever the hook saw.
  const redis = new Redis(url);
  const keys = complaintKeys(redisPrefix);
  const exists = await redis.pipeline(items.map((c) => ['exists', keys.case(c.id)])).exec();
  const stored = (exists ?? []).filter(([, v]) => v === 1).length;
  await worker.close();
  await intake.close();
  const q = new Queue('complaints', { connection: redis, prefix: queuePrefix });
  await q.obliterate({ force: true });
  await cleanPrefix(redis, redisPrefix);
  await redis.quit();
  rmSync(spoolDir, { recursive: true, force: true });
  return { ...f, missing: N - stored, duplicates, spooled };
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(24)} ${f.perSecond.toFixed(0).padStart(6)}/s ${f.seconds.toFixed(2).padStart(6)} s (enqueued in ${f.enqueueSeconds.toFixed(2)} s)  p50 ${f.p50.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  missing ${f.missing}`;
const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `complaints bench: n=${N} per round, rounds=${ROUNDS}, producers=${PRODUCERS}, worker concurrency=${CONCURRENCY}, redis=${url}`,
);
const floors: Figures[] = [];
const mine: (Figures & { duplicates: number; spooled: number })[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  const tag = randomUUID().slice(0, 8);
  const items = payloads();
  // Same payloads on both sides; each side has its own queue prefix.
  const f = await floor(items, `bench-floor-${tag}`);
  floors.push(f);
  out(row(`round ${r} bare BullMQ`, f));
  const m = await ours(items, `bench-cmp-${tag}`, `bench:${tag}`);
  mine.push(m);
  out(`${row(`round ${r} intake+worker`, m)}  duplicates ${m.duplicates}  spooled ${m.spooled}`);
}
const median = <T extends Figures>(list: T[]): T =>
  [...list].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(list.length / 2)] as T;
const base = median(floors);
const ours50 = median(mine);
const missing = mine.reduce((a, m) => a + m.missing, 0);
const duplicates = mine.reduce((a, m) => a + m.duplicates, 0);
out(row('median bare BullMQ', base));
out(row('median intake+worker', ours50));
const ratio = ours50.perSecond / base.perSecond;
const ok = ours50.perSecond >= 1000 && ratio >= 0.5 && missing === 0 && duplicates === 0;
out(
  `ratio to floor: ${ratio.toFixed(2)} (target >= 0.50); throughput ${ours50.perSecond.toFixed(0)}/s (target >= 1000/s); missing ${missing}, duplicates ${duplicates} over ${ROUNDS * N} complaints; ${ok ? 'PASS' : 'FAIL'}`,
);
process.exit(ok ? 0 : 1);
