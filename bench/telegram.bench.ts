/**
 * `npm run bench:telegram [-- --handler auto|real|stub --updates 5000 --users 500 --rounds 3]`
 *
 * Pushes a burst of updates from many users through the fake Bot API, to our bot (the
 * Telegram adapter + a MessageHandler) and, in the same run, to a bare grammY echo bot
 * (runner, no plugins, no per-chat ordering) on the same kind of server; prints messages per
 * second, latency from update to first reply, CPU per update, and the throughput ratio. A
 * paced run (default 1,000 updates at 200/s) shows latency without a backlog. Target: our
 * throughput >= 0.7 x the echo bot's.
 *
 * `auto` (default) runs it with the real dialogue service (wired by src/compose-bot.ts: real
 * flows, NLU and Redis sessions) when that can be built, and then with a stub handler that
 * costs what the service's first Redis step costs, which isolates the adapter's own cost.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { run } from '@grammyjs/runner';
import { Bot } from 'grammy';
import { createTelegramChannel } from '../src/channels/telegram/telegram-channel.js';
import { toSendMessagePayloads } from '../src/channels/telegram/to-outgoing.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { MessageHandler } from '../src/messages.js';
import { closeRedis, createRedis, type RedisClient } from '../src/redis.js';
import { type FakeBotApi, startFakeBotApi } from '../test/helpers/fake-bot-api.js';

export interface BenchHandler {
  name: string;
  handler: MessageHandler;
  close(): Promise<void>;
}
export type HandlerFactory = (env: { redis: RedisClient; prefix: string }) => Promise<BenchHandler>;

export interface BenchOptions {
  updates: number;
  /** Burst runs per bot; the median is reported. */
  rounds: number;
  users: number;
  pacedUpdates: number;
  pacedRate: number;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU time of this process per update (bot, fake server and Redis client; not the Redis server). */
  cpuUs: number;
  /** sendMessage calls per update (the real dialogue service often answers with several). */
  sendsPerUpdate: number;
}

const logger = createLogger({ level: 'silent', format: 'json' });
const TEXTS = ['halo', 'menu', 'cara daftar kerja ke Taiwan', 'berapa biaya penempatan', 'terima kasih', 'ya', '1'];

/** Per chat, the updates waiting for their replies, in order (sequential per chat in both bots). */
function createTracker() {
  const queues = new Map<number, { at: number; expected?: number; seen: number }[]>();
  const latencies: number[] = [];
  let done = 0;
  let lastAt = 0;
  let onDone: (() => void) | undefined;
  let target = Infinity;
  const finish = (at: number) => {
    done++;
    lastAt = at;
    if (done >= target) onDone?.();
  };
  return {
    pushed(chat: number, expected?: number) {
      const q = queues.get(chat) ?? [];
      q.push({ at: performance.now(), seen: 0, ...(expected !== undefined ? { expected } : {}) });
      queues.set(chat, q);
    },
    /** Our bot: how many sendMessage calls the handler's result becomes. */
    handled(chat: number, expected: number) {
      const q = queues.get(chat) ?? [];
      const entry = q.find((e) => e.expected === undefined);
      if (!entry) return;
      entry.expected = expected;
      if (expected === 0 && q[0] === entry) {
        q.shift();
        finish(performance.now());
      }
    },
    replied(chat: number, at: number) {
      const q = queues.get(chat);
      const head = q?.[0];
      if (!q || !head) return;
      head.seen++;
      if (head.seen === 1) latencies.push(at - head.at);
      if (head.expected !== undefined && head.seen >= head.expected) {
        q.shift();
        finish(at);
      }
    },
    until(n: number, timeoutMs: number): Promise<void> {
      target = n;
      if (done >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${done} of ${n} updates answered`)), timeoutMs);
        onDone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    figures(count: number, startedAt: number): Omit<Figures, 'cpuUs' | 'sendsPerUpdate'> {
      const sorted = [...latencies].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      return { perSecond: (count / (lastAt - startedAt)) * 1000, p50: q(0.5), p99: q(0.99) };
    },
  };
}

type Tracker = ReturnType<typeof createTracker>;

function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as Figures;
}
type BotStarter = (fake: FakeBotApi, tracker: Tracker) => Promise<() => Promise<void>>;

// Every run gets chats of its own: message ids restart with each fake server, and the
// handler's dedup must not see a new message as a repeat.
let chatBase = 100_000;

async function measure(startBot: BotStarter, count: number, users: number, ratePerSecond?: number): Promise<Figures> {
  chatBase += 10_000 + users;
  const base = chatBase;
  const fake = await startFakeBotApi();
  const tracker = createTracker();
  const stopBot = await startBot(fake, tracker);
  fake.onCall((call) => {
    if (call.method === 'sendMessage' && call.ok) tracker.replied(Number(call.payload.chat_id), call.at);
  });
  const echo = startBot === startEchoBot;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const finished = tracker.until(count, 120_000);
  for (let i = 0; i < count; i++) {
    if (ratePerSecond) {
      const due = startedAt + (i * 1000) / ratePerSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    const chat = base + (i % users);
    tracker.pushed(chat, echo ? 1 : undefined);
    fake.userSends(chat, { text: TEXTS[Math.floor(i / users) % TEXTS.length] });
  }
  await finished;
  const cpu = process.cpuUsage(cpuBefore);
  const sends = fake.callsTo('sendMessage').filter((c) => c.ok).length;
  const figures = {
    ...tracker.figures(count, startedAt),
    cpuUs: (cpu.user + cpu.system) / count,
    sendsPerUpdate: sends / count,
  };
  await stopBot();
  await fake.close();
  return figures;
}

const startEchoBot: BotStarter = async (fake) => {
  const bot = new Bot(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.apiRoot } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  bot.catch(() => undefined);
  const handle = run(bot, { runner: { silent: true } });
  return async () => {
    await handle.stop();
  };
};

function ourBot(handler: MessageHandler, redis: RedisClient, prefix: string): BotStarter {
  return async (fake, tracker) => {
    const counted: MessageHandler = {
      async handle(message) {
        const result = await handler.handle(message);
        const sends = result.duplicate ? 0 : toSendMessagePayloads(result.replies).payloads.length;
        tracker.handled(Number(message.userId), sends);
        return result;
      },
    };
    const channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      botInfo: fake.botInfo,
      handler: counted,
      redis,
      redisPrefix: prefix,
      logger,
    });
    await channel.start();
    return () => channel.stop();
  };
}

export async function runTelegramBench(handlerFactory: HandlerFactory, options: BenchOptions) {
  const prefix = `bench-tg-${randomBytes(4).toString('hex')}`;
  const redis = createRedis('redis://127.0.0.1:6379');
  let bench: BenchHandler | undefined;
  try {
    bench = await handlerFactory({ redis, prefix });
    const ours = ourBot(bench.handler, redis, prefix);
    // Warm-up: JIT, keep-alive sockets, Redis connections.
    await measure(startEchoBot, 300, 50);
    await measure(ours, 300, 50);
    // Alternating rounds, median of each: the machine is shared, so one run can be unlucky.
    const echoRuns: Figures[] = [];
    const ourRuns: Figures[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ['echo', 'ours'] : ['ours', 'echo'];
      for (const which of order) {
        if (which === 'echo') echoRuns.push(await measure(startEchoBot, options.updates, options.users));
        else ourRuns.push(await measure(ours, options.updates, options.users));
      }
    }
    const echoBurst = median(echoRuns);
    const oursBurst = median(ourRuns);
    const echoPaced = await measure(startEchoBot, options.pacedUpdates, options.users, options.pacedRate);
    const oursPaced = await measure(ours, options.pacedUpdates, options.users, options.pacedRate);
    return {
      handler: bench.name,
      echoBurst,
      oursBurst,
      echoPaced,
      oursPaced,
      ratio: oursBurst.perSecond / echoBurst.perSecond,
    };
  } finally {
    await bench?.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await closeRedis(redis);
  }
}

/**
 * Stands in for the dialogue service: its first Redis step (claim the message id with SET NX,
 * read the session with GET, in one pipeline), then one reply.
 */
export const stubHandlerFactory: HandlerFactory = async ({ redis, prefix }) => ({
  name: 'stub (one Redis round trip: SET NX + GET pipeline, one reply)',
  handler: {
    async handle(m) {
      const results = await redis
        .pipeline()
        .set(`${prefix}:msg:${m.userId}:${m.messageId}`, '1', 'EX', 600, 'NX')
        .get(`${prefix}:s:${m.userId}`)
        .exec();
      if (results?.[0]?.[1] !== 'OK') return { replies: [], duplicate: true };
      return { replies: [{ text: `Pesan diterima: ${m.text ?? ''}` }], duplicate: false };
    },
  },
  close: async () => undefined,
});

/** The real dialogue service, wired as in production by composeBot (flows, NLU, Redis sessions). */
export const realHandlerFactory: HandlerFactory = async ({ prefix }) => {
  const { composeBot } = await import('../src/compose-bot.js');
  const config = parseConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', WORKER_ENABLED: 'false' });
  // Asserted, not checked: compose options grow as the bot grows; the bench needs no channels.
  const options = { config, logger, consoleOutput: null, http: false, withChannels: false };
  const bot = await composeBot(options as Parameters<typeof composeBot>[0]);
  return { name: 'real dialogue service (composeBot)', handler: bot.dialogue, close: () => bot.close() };
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

type Report = Awaited<ReturnType<typeof runTelegramBench>>;

function print(r: Report, options: BenchOptions): void {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  const line = (name: string, f: Figures, cpu: boolean) =>
    `  ${name.padEnd(9)} ${f.perSecond.toFixed(0).padStart(6)} msg/s   p50 ${ms(f.p50)}   p99 ${ms(f.p99)}` +
    (cpu ? `   cpu ${f.cpuUs.toFixed(0).padStart(4)} µs/update   ${f.sendsPerUpdate.toFixed(2)} sends/update` : '');
  console.log(`\nhandler: ${r.handler}`);
  console.log(
    `burst: ${options.updates} updates queued at once, median of ${options.rounds} runs (latency includes the backlog)`,
  );
  console.log(line('echo bot', r.echoBurst, true));
  console.log(line('our bot', r.oursBurst, true));
  console.log(`paced: ${options.pacedUpdates} updates at ${options.pacedRate}/s`);
  console.log(line('echo bot', r.echoPaced, false));
  console.log(line('our bot', r.oursPaced, false));
  const verdict = r.ratio >= 0.7 ? 'OK' : 'below 0.70';
  console.log(`throughput ratio our/echo: ${r.ratio.toFixed(2)} (target >= 0.70: ${verdict})`);
}

async function main(): Promise<void> {
  const choice = arg('handler', 'auto');
  const options: BenchOptions = {
    updates: Number(arg('updates', '5000')),
    rounds: Number(arg('rounds', '3')),
    users: Number(arg('users', '500')),
    pacedUpdates: Number(arg('paced-updates', '1000')),
    pacedRate: Number(arg('paced-rate', '200')),
  };
  console.log(`Telegram bench: ${options.users} users, fake Bot API on loopback, same process (cpu = whole process)`);
  if (choice === 'stub') return print(await runTelegramBench(stubHandlerFactory, options), options);
  try {
    print(await runTelegramBench(realHandlerFactory, options), options);
  } catch (err) {
    if (choice === 'real') throw err;
    console.log(`\n(real dialogue service unavailable: ${(err as Error).message})`);
  }
  if (choice === 'auto') {
    // The adapter's own cost, with a handler as cheap as the service's first Redis step.
    print(await runTelegramBench(stubHandlerFactory, options), options);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
