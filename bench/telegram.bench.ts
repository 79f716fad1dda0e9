/**
 * `npm run bench:telegram [-- --updates 5000 --users 500 --rounds 3 --paced-updates 1000 --paced-rate 200]`
 *
 * The production bot against a floor bot, in the same run, on this machine:
 * - production: the whole bot as `npm start` wires it (src/compose-bot.ts: the Telegram
 *   channel, rate limits, staff history, metrics, the dialogue service, the complaint worker),
 *   polling a fake Bot API on loopback, on the real Redis under a prefix of its own;
 * - floor (bench/telegram/floor-bot.ts): grammY with per-chat order, one Lua call for
 *   lock + mark + load, the same engine and actions, one Lua call for save + mark + unlock,
 *   one reply per update.
 * Bursts alternate between the two (median of `rounds`), then a paced run of each. Printed:
 * msg/s, latency from update to handled (replies sent), CPU of this process per update,
 * sendMessage calls per update, Redis round trips and commands per update (counted in
 * ioredis, see bench/telegram/redis-trips.ts), Redis server CPU per update (INFO; the server
 * is shared, so approximate) and the production/floor throughput ratio.
 * CHANNEL_RATE_PER_SECOND is raised for the bench: the bench measures the handler, not the budget.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../src/redis.js';
import { type FakeBotApi, startFakeBotApi } from '../test/helpers/fake-bot-api.js';
import { startFloorBot } from './telegram/floor-bot.js';
import { installTripCounting, onUpdateHandled, resetTrips } from './telegram/redis-trips.js';

interface Options {
  updates: number;
  rounds: number;
  users: number;
  pacedUpdates: number;
  pacedRate: number;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  cpuUs: number;
  redisCpuUs: number;
  sendsPerUpdate: number;
  tripsPerUpdate: number;
  commandsPerUpdate: number;
  commands: string;
}

const TEXTS = ['halo', 'menu', 'cara daftar kerja ke Taiwan', 'berapa biaya penempatan', 'terima kasih', 'ya', '1'];
let chatBase = 100_000;

async function redisCpuUs(redis: RedisClient): Promise<number> {
  const info = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  return (user + sys) * 1e6;
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Pushes `count` updates from `users` chats (paced when `rate` is set) and waits until all are handled. */
async function measure(fake: FakeBotApi, probe: RedisClient, count: number, users: number, rate?: number) {
  chatBase += 10_000 + users;
  const base = chatBase;
  const pushedAt = new Map<number, number>();
  const latencies: number[] = [];
  let lastAt = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  onUpdateHandled((id) => {
    const at = pushedAt.get(id);
    if (at === undefined) return;
    pushedAt.delete(id);
    lastAt = performance.now();
    latencies.push(lastAt - at);
    if (latencies.length >= count) resolveDone();
  });
  const sendsBefore = fake.callsTo('sendMessage').length;
  const redisBefore = await redisCpuUs(probe);
  const trips = resetTrips();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  for (let i = 0; i < count; i++) {
    if (rate) {
      const wait = startedAt + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    const chat = base + (i % users);
    const update = fake.userSends(chat, { text: TEXTS[Math.floor(i / users) % TEXTS.length] });
    pushedAt.set(update.update_id, performance.now());
  }
  const timeout = setTimeout(() => resolveDone(), 180_000);
  await done;
  clearTimeout(timeout);
  const cpu = process.cpuUsage(cpuBefore);
  const redisAfter = await redisCpuUs(probe);
  onUpdateHandled(undefined);
  if (latencies.length < count) throw new Error(`only ${latencies.length} of ${count} updates handled`);
  // Replies may still be leaving after the last update counted; let them land before counting sends.
  await new Promise((r) => setTimeout(r, 200));
  const sorted = latencies.sort((a, b) => a - b);
  const top = [...trips.names.entries()].sort((a, b) => b[1] - a[1]);
  return {
    perSecond: (count / (lastAt - startedAt)) * 1000,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    cpuUs: (cpu.user + cpu.system) / count,
    redisCpuUs: (redisAfter - redisBefore) / count,
    sendsPerUpdate: (fake.callsTo('sendMessage').length - sendsBefore) / count,
    tripsPerUpdate: trips.trips / count,
    commandsPerUpdate: trips.commands / count,
    commands: top.map(([n, c]) => `${n} ${(c / count).toFixed(2)}`).join(', '),
  } satisfies Figures;
}

function median(runs: Figures[]): Figures {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)] as Figures;
}

async function main(options: Options): Promise<void> {
  installTripCounting();
  const prefix = `bench-tg-${randomBytes(4).toString('hex')}`;
  const probe = createRedis('redis://127.0.0.1:6379');
  const floorRedis = createRedis('redis://127.0.0.1:6379');
  const prodFake = await startFakeBotApi();
  const floorFake = await startFakeBotApi();
  const logger = createLogger({ level: 'silent', format: 'json' });
  const { composeBot } = await import('../src/compose-bot.js');
  const config = parseConfig({
    REDIS_PREFIX: prefix,
    QUEUE_PREFIX: `${prefix}-q`,
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: prodFake.token,
    TELEGRAM_API_ROOT: prodFake.apiRoot,
    CHANNEL_RATE_PER_SECOND: '100000',
    SPOOL_DIR: `/tmp/${prefix}-spool`,
  });
  const bot = await composeBot({ config, logger, consoleOutput: null, http: false, withChannels: true });
  await bot.start();
  const stopFloor = await startFloorBot({
    fake: floorFake,
    redis: floorRedis,
    prefix,
    engine: bot.dialogue.engine,
    defaultLanguage: config.DEFAULT_LANGUAGE,
  });
  try {
    console.log(
      `Telegram bench: ${options.updates} updates from ${options.users} users per burst, fake Bot API on loopback, Redis 127.0.0.1:6379`,
    );
    // Warm-up: JIT, keep-alive sockets, Redis connections, scripts loaded.
    await measure(floorFake, probe, 300, 50);
    await measure(prodFake, probe, 300, 50);
    const floorRuns: Figures[] = [];
    const prodRuns: Figures[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ['floor', 'prod'] : ['prod', 'floor'];
      for (const which of order) {
        if (which === 'floor') floorRuns.push(await measure(floorFake, probe, options.updates, options.users));
        else prodRuns.push(await measure(prodFake, probe, options.updates, options.users));
      }
    }
    const floorPaced = await measure(floorFake, probe, options.pacedUpdates, options.users, options.pacedRate);
    const prodPaced = await measure(prodFake, probe, options.pacedUpdates, options.users, options.pacedRate);
    print(options, median(floorRuns), median(prodRuns), floorPaced, prodPaced, prodRuns, floorRuns);
  } finally {
    await stopFloor();
    await bot.close();
    let cursor = '0';
    do {
      const [next, keys] = await probe.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await probe.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await closeRedis(floorRedis);
    await closeRedis(probe);
    await prodFake.close();
    await floorFake.close();
  }
}

function print(
  o: Options,
  floor: Figures,
  prod: Figures,
  floorPaced: Figures,
  prodPaced: Figures,
  ...all: Figures[][]
) {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(8);
  const line = (name: string, f: Figures) =>
    `  ${name.padEnd(11)} ${f.perSecond.toFixed(0).padStart(5)} msg/s  p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  ` +
    `cpu ${f.cpuUs.toFixed(0).padStart(5)} µs/update  redis cpu ${f.redisCpuUs.toFixed(0).padStart(4)} µs  ` +
    `${f.sendsPerUpdate.toFixed(2)} sends/update  ${f.tripsPerUpdate.toFixed(2)} round trips/update ` +
    `(${f.commandsPerUpdate.toFixed(2)} commands)`;
  console.log(`burst: ${o.updates} updates queued at once, median of ${o.rounds} alternating runs`);
  console.log(line('floor', floor));
  console.log(line('production', prod));
  console.log(`  production runs msg/s: ${all[0]?.map((f) => f.perSecond.toFixed(0)).join(', ')}`);
  console.log(`  floor runs msg/s:      ${all[1]?.map((f) => f.perSecond.toFixed(0)).join(', ')}`);
  console.log(`  production commands per update: ${prod.commands}`);
  console.log(`  floor commands per update:      ${floor.commands}`);
  console.log(`paced: ${o.pacedUpdates} updates at ${o.pacedRate}/s`);
  console.log(line('floor', floorPaced));
  console.log(line('production', prodPaced));
  const ratio = prod.perSecond / floor.perSecond;
  const ok = (b: boolean) => (b ? 'OK' : 'NOT MET');
  console.log(`throughput ratio production/floor: ${ratio.toFixed(2)} (target >= 0.85: ${ok(ratio >= 0.85)})`);
  console.log(
    `sends/update ${prod.sendsPerUpdate.toFixed(2)} (<= 1.2: ${ok(prod.sendsPerUpdate <= 1.2)}), ` +
      `round trips/update ${prod.tripsPerUpdate.toFixed(2)} (<= 2: ${ok(prod.tripsPerUpdate <= 2)}), ` +
      `paced p99 ${prodPaced.p99.toFixed(1)} ms (< 25: ${ok(prodPaced.p99 < 25)})`,
  );
}

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback);
}

main({
  updates: arg('updates', '5000'),
  rounds: arg('rounds', '3'),
  users: arg('users', '500'),
  pacedUpdates: arg('paced-updates', '1000'),
  pacedRate: arg('paced-rate', '200'),
}).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
