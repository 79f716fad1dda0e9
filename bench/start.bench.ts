/**
 * `npm run bench:start [-- --runs 3 --entry dist/main.js --cwd .]` (run `npm run build` first)
 *
 * Cold start of the compiled build (`npm start` runs dist/main.js): a fresh process with
 * Telegram pointed at a fake Bot API on loopback and a /start already waiting; prints the time
 * from spawn to the first reply, then the idle RSS 5 s later (WhatsApp off), and the Redis
 * bytes of one conversation after 100 messages (MEMORY USAGE of its keys). Medians of `runs`.
 * The process gets the Dockerfile's MALLOC_ARENA_MAX, as in production.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeRedis, createRedis } from '../src/redis.js';
import { FAKE_TOKEN, startFakeBotApi } from '../test/helpers/fake-bot-api.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** CPU the process used so far (user + system), from /proc: steadier than wall time on a busy machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
/** The glibc setting the production image runs with (Dockerfile ENV), so the RSS is the deployed one. */
const MALLOC_ARENA_MAX = /MALLOC_ARENA_MAX=(\d+)/.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const TEXTS = ['halo', 'menu', 'cara daftar kerja ke Taiwan', 'berapa biaya penempatan', 'terima kasih', 'ya', '1'];

async function once(entry: string, cwd: string, withConversation: boolean) {
  const prefix = `bench-start-${randomBytes(4).toString('hex')}`;
  const api = await startFakeBotApi();
  const redis = createRedis('redis://127.0.0.1:6379');
  api.userSends(4242, { text: '/start' });
  const started = performance.now();
  let runningMs = 0;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd,
    env: {
      ...process.env,
      ...(MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX } : {}),
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: `${prefix}-q`,
      HTTP_ENABLED: 'false',
      // The conversation's 100 messages come faster than a person types.
      USER_RATE_PER_MINUTE: '10000',
      SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'pmi-start-')), 'spool'),
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    if (!runningMs && d.toString().includes('Sahabat PMI is running')) runningMs = performance.now() - started;
    if (d.toString().includes('"level":5')) process.stderr.write(d);
  });
  try {
    await api.waitForCalls('sendMessage', 1, 30_000);
    const firstReplyMs = performance.now() - started;
    const firstReplyCpuMs = cpuMs(child.pid as number);
    console.log(
      `  run: ${runningMs.toFixed(0)} ms to "running", ${firstReplyMs.toFixed(0)} ms to the first reply (CPU ${firstReplyCpuMs.toFixed(0)} ms)`,
    );
    await sleep(5000);
    const idleRss = rssMb(child.pid as number);
    let bytes = 0;
    if (withConversation) {
      const waits: number[] = [];
      for (let i = 0; i < 99; i++) {
        const sentAt = performance.now();
        const before = api.callsTo('sendMessage').length;
        api.userSends(4242, { text: TEXTS[i % TEXTS.length] });
        const deadline = Date.now() + 10_000;
        while (api.callsTo('sendMessage').length === before && Date.now() < deadline) await sleep(5);
        waits.push(performance.now() - sentAt);
      }
      console.log(`  one user's 99 messages, median update to reply: ${median(waits).toFixed(0)} ms`);
      await sleep(300);
      const keys = await redis.keys(`${prefix}:*{telegram:4242}*`);
      const sizes: string[] = [];
      for (const key of keys) {
        const size = Number(await redis.memory('USAGE', key));
        bytes += size;
        sizes.push(`${key.slice(prefix.length + 1)} ${size}`);
      }
      console.log(
        `  keys of the conversation (bytes): ${sizes.length > 8 ? `${sizes.length} keys` : sizes.join(', ')}`,
      );
    }
    return { firstReplyMs, firstReplyCpuMs, idleRss, bytes };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
    await api.close();
  }
}

async function main(): Promise<void> {
  const entry = arg('entry', 'dist/main.js');
  const runs = Number(arg('runs', '3'));
  const cwd = arg('cwd', process.cwd());
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(entry, cwd, i === 0));
  console.log(
    `start bench: ${entry}, ${runs} runs (medians), MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX ?? 'unset'} (Dockerfile)`,
  );
  console.log(`  cold start to first reply: ${median(results.map((r) => r.firstReplyMs)).toFixed(0)} ms`);
  console.log(`  CPU used to the first reply: ${median(results.map((r) => r.firstReplyCpuMs)).toFixed(0)} ms`);
  console.log(`  idle RSS 5 s later (WhatsApp off): ${median(results.map((r) => r.idleRss)).toFixed(0)} MB`);
  console.log(`  Redis bytes of one conversation after 100 messages: ${results[0]?.bytes ?? 0}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
