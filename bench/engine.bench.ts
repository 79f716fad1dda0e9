/**
 * `npm run bench:engine`: the pure step (p50/p99 per message) and full message handling with
 * the Redis session store (messages per second, p99). Targets on the 2-core machine: pure
 * step p99 < 1 ms; >= 1,500 messages/s end to end.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { ACTION_NAMES } from '../src/action-names.js';
import { INTENT_LABELS } from '../src/compose-bot.js';
import { createDialogueService } from '../src/dialogue/dialogue-service.js';
import type { StepDeps } from '../src/engine/engine-types.js';
import { newSession, type Session } from '../src/engine/session.js';
import { step } from '../src/engine/step.js';
import { loadFlows } from '../src/flows/load-flows.js';
import { createTranslator, loadLocales } from '../src/i18n/create-translator.js';
import { createLogger } from '../src/logger.js';
import { createNlu } from '../src/nlu/create-nlu.js';
import { loadNluModel } from '../src/nlu/load-nlu-model.js';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const translator = createTranslator(loadLocales('locales'));
const nlu = createNlu(loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }));
const { flows } = loadFlows('flows', {
  actions: ACTION_NAMES,
  missingIn: translator.missingIn,
  intents: INTENT_LABELS,
});
const settings = { formTimeoutMs: 86_400_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' };
const deps = (): StepDeps => ({
  now: Date.now(),
  t: translator.t,
  classify: (t) => nlu.classify(t),
  normalize: (t) => nlu.normalize(t),
  matchCountry: (t) => nlu.matchCountry(t),
  emergencyContacts: () => ['contacts.kp2mi_callcenter'],
  settings,
});

// Realistic traffic: the labelled chat messages plus menu taps and form answers.
const devFile = process.argv[2] ?? 'test/fixtures/intents-dev.jsonl';
let texts: string[] = ['halo', 'menu', '1', '2', 'ya', 'tidak', 'batal', 'Taiwan', 'gaji saya belum dibayar 3 bulan'];
try {
  texts = [
    ...texts,
    ...readFileSync(devFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).text as string),
  ];
} catch {
  process.stderr.write(`(no ${devFile}; using built-in messages)\n`);
}

function benchPure(n: number): { p50: number; p99: number; max: number } {
  const times: number[] = [];
  let session: Session = newSession('id', Date.now());
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length] as string;
    const t0 = performance.now();
    const r = step(
      flows,
      session,
      { type: 'message', message: { channel: 'console', userId: 'b', messageId: String(i), text, receivedAt: 0 } },
      deps(),
    );
    times.push(performance.now() - t0);
    // Keep the conversation moving, but never get stuck waiting for staff or an action.
    session = r.session.mode === 'bot' && r.session.awaiting !== 'action' ? r.session : newSession('id', Date.now());
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times[times.length - 1] ?? 0 };
}

async function benchService(users: number, perUser: number) {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `bench:${randomUUID().slice(0, 8)}`;
  const noop = async () => ({ outcome: 'none' });
  const actions = Object.fromEntries(ACTION_NAMES.map((a) => [a, noop]));
  const svc = createDialogueService({
    redis,
    prefix,
    sessionTtlSeconds: 600,
    flows,
    translator,
    nlu,
    emergencyContacts: () => ['contacts.kp2mi_callcenter'],
    settings,
    defaultLanguage: 'id',
    actions,
    effects: { handover: async () => [] },
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let i = 0; i < perUser; i++) {
        const text = texts[(u * 7 + i) % texts.length] as string;
        const s = performance.now();
        await svc.handle({ channel: 'console', userId: `u${u}`, messageId: `${u}-${i}`, text, receivedAt: Date.now() });
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return {
    messages: users * perUser,
    perSecond: (users * perUser) / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

benchPure(2000); // warm-up
const pure = benchPure(20_000);
process.stdout.write(
  `pure step (20,000 messages): p50 ${fmt(pure.p50)}, p99 ${fmt(pure.p99)}, max ${fmt(pure.max)}  [target p99 < 1 ms]\n`,
);
await benchService(50, 10); // warm-up
const e2e = await benchService(200, 25);
process.stdout.write(
  `end to end with Redis (${e2e.messages} messages, 200 conversations): ${e2e.perSecond.toFixed(0)} msg/s, p50 ${fmt(e2e.p50)}, p99 ${fmt(e2e.p99)}  [target >= 1,500 msg/s]\n`,
);
process.stdout.write(
  `${JSON.stringify({ pureP50: pure.p50, pureP99: pure.p99, e2ePerSecond: e2e.perSecond, e2eP99: e2e.p99 })}\n`,
);
