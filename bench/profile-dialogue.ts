/**
 * Profiling driver for the real message path: `composeBot(...).dialogue.handle` with the
 * Telegram bench's traffic (or the dev set's messages), or the pure NLU alone.
 *
 *   tsx bench/profile-dialogue.ts [--mode service|nlu|pure] [--texts telegram|dev] [--users 200]
 *     [--rounds 14] [--profile /tmp/dialogue.cpuprofile] [--cache 0 (nlu, pure: no NLU memo)]
 *
 * `pure` is bench/engine.bench.ts's pure step; with `--cache 0` every message is understood
 * afresh, as a stream of messages that never repeat would be.
 *
 * Prints CPU µs per message, messages per second and a digest of every reply, so a change
 * that alters behaviour shows up as a different digest for the same traffic. `--profile`
 * writes a V8 CPU profile of the measured part only (start-up and warm-up left out).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { ACTION_NAMES } from '../src/action-names.js';
import { composeBot, INTENT_LABELS } from '../src/compose-bot.js';
import { parseConfig } from '../src/config.js';
import { newSession, type Session } from '../src/engine/session.js';
import { step } from '../src/engine/step.js';
import { loadFlows } from '../src/flows/load-flows.js';
import { createTranslator, loadLocales } from '../src/i18n/create-translator.js';
import { createLogger } from '../src/logger.js';
import { createNlu } from '../src/nlu/create-nlu.js';
import { loadNluModel } from '../src/nlu/load-nlu-model.js';
import { createRedis } from '../src/redis.js';

const TELEGRAM_TEXTS = [
  'halo',
  'menu',
  'cara daftar kerja ke Taiwan',
  'berapa biaya penempatan',
  'terima kasih',
  'ya',
  '1',
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function texts(kind: string): string[] {
  if (kind === 'telegram') return TELEGRAM_TEXTS;
  return readFileSync('test/fixtures/intents-dev.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).text as string);
}

async function profileService(list: string[], users: number, rounds: number): Promise<void> {
  const prefix = `prof-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'silent', format: 'json' });
  const config = parseConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', WORKER_ENABLED: 'false' });
  const options = { config, logger, consoleOutput: null, http: false, withChannels: false };
  const bot = await composeBot(options as Parameters<typeof composeBot>[0]);
  const digest = createHash('sha256');
  let sends = 0;
  const run = async (label: string, userBase: number) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const perUser: string[][] = Array.from({ length: users }, () => []);
    await Promise.all(
      Array.from({ length: users }, async (_, u) => {
        for (let r = 0; r < rounds; r++) {
          const text = list[(r + (list.length > 7 ? u * 7 : 0)) % list.length] as string;
          const res = await bot.dialogue.handle({
            channel: 'telegram',
            userId: String(userBase + u),
            messageId: String(r),
            text,
            receivedAt: Date.now(),
          });
          sends += res.replies.length;
          (perUser[u] as string[]).push(JSON.stringify(res.replies));
        }
      }),
    );
    const n = users * rounds;
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    const usPer = (cpu.user + cpu.system) / n;
    console.log(
      `${label}: ${n} messages, ${(n / seconds).toFixed(0)} msg/s, cpu ${usPer.toFixed(0)} µs/message, ${(sends / n).toFixed(2)} replies/message`,
    );
    return perUser;
  };
  try {
    await run('warm-up', 1_000_000);
    sends = 0;
    const stop = await startProfile(arg('profile', ''));
    const perUser = await run('measured', 2_000_000);
    await stop();
    for (const replies of perUser) digest.update(replies.join('\n'));
    console.log(`reply digest: ${digest.digest('hex').slice(0, 16)}`);
  } finally {
    const redis = createRedis(config.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await bot.close();
  }
}

async function startProfile(file: string): Promise<() => Promise<void>> {
  if (!file) return async () => undefined;
  const session = new InspectorSession();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function profileNlu(list: string[], repeat: number): Promise<void> {
  // --cache 0 measures the understanding itself, not its memo of repeated texts.
  const nlu = createNlu(loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }), {
    cacheSize: Number(arg('cache', '1000')),
  });
  const digest = createHash('sha256');
  const stop = await startProfile(arg('profile', ''));
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < repeat; r++) {
    for (const text of list) {
      const out = [nlu.classify(text), nlu.normalize(text), nlu.matchCountry(text), nlu.stems?.(text)];
      if (r === 0) digest.update(JSON.stringify(out));
    }
  }
  const cpu = process.cpuUsage(cpu0);
  await stop();
  const n = repeat * list.length;
  console.log(`nlu: ${n} messages, cpu ${((cpu.user + cpu.system) / n).toFixed(0)} µs/message`);
  console.log(`nlu digest: ${digest.digest('hex').slice(0, 16)}`);
}

async function profilePure(list: string[], n: number): Promise<void> {
  const translator = createTranslator(loadLocales('locales'));
  const nlu = createNlu(loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }), {
    cacheSize: Number(arg('cache', '1000')),
  });
  const { flows } = loadFlows('flows', {
    actions: ACTION_NAMES,
    missingIn: translator.missingIn,
    intents: INTENT_LABELS,
  });
  const settings = { formTimeoutMs: 86_400_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' };
  const run = (count: number) => {
    const times: number[] = [];
    let session: Session = newSession('id', Date.now());
    for (let i = 0; i < count; i++) {
      const text = list[i % list.length] as string;
      const t0 = performance.now();
      const r = step(
        flows,
        session,
        { type: 'message', message: { channel: 'console', userId: 'b', messageId: String(i), text, receivedAt: 0 } },
        {
          now: Date.now(),
          t: translator.t,
          classify: (t) => nlu.classify(t),
          normalize: (t) => nlu.normalize(t),
          matchCountry: (t) => nlu.matchCountry(t),
          emergencyContacts: () => ['contacts.kp2mi_callcenter'],
          settings,
        },
      );
      times.push(performance.now() - t0);
      session = r.session.mode === 'bot' && r.session.awaiting !== 'action' ? r.session : newSession('id', Date.now());
    }
    return times.sort((a, b) => a - b);
  };
  run(2000);
  const stop = await startProfile(arg('profile', ''));
  const times = run(n);
  await stop();
  const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(3);
  console.log(`pure step (${n} messages): p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
}

const mode = arg('mode', 'service');
const list = texts(arg('texts', 'telegram'));
if (mode === 'nlu') await profileNlu(list, Number(arg('rounds', '20')));
else if (mode === 'pure') await profilePure(list, Number(arg('rounds', '20000')));
else await profileService(list, Number(arg('users', '200')), Number(arg('rounds', '14')));
process.exit(0);
