/**
 * Scenario 6: one user sends 1,000 messages within a second (the first 40 close to
 * MAX_MESSAGE_LENGTH, the costliest text the bot reads; see HEAVY_COUNT) while 50 others chat normally,
 * all on one bot process with the handler channels get (per-user rate limit of src/ops
 * included). The same 50-user workload runs without and with a flood, alternating, in
 * ROUNDS rounds; in the median round the others' p99 latency with the flood must stay under
 * twice the p99 without it, or within SLACK_MS of it. Each round compares phases seconds apart, so load from other
 * processes on this 2-core machine falls on both alike; the median round is the measure
 * because a single round's p99 (its third-slowest of some 270 answers) moves with one
 * scheduler or disk hiccup: pooled over two rounds it failed one whole-suite run in six at
 * x2.5 while the other rounds of the same runs measured x1.0-x1.6.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Child } from './lib/child-process.js';
import { sleep } from './lib/fault-redis.js';
import { writeRow } from './lib/report.js';
import { consoleMessage, createKit, type Kit, percentile } from './lib/scenario-kit.js';
import { translator } from './lib/texts.js';

const NORMAL_USERS = 50;
const FLOOD = 1000;
const PHASE_MS = 4000;
const ROUNDS = 3;
/**
 * Below this the others' p99 may grow whatever the ratio: a calm p99 of 8-12 ms doubles with
 * one time slice the kernel gives another process on this 2-core machine (the suite itself,
 * Redis, the flooder's sender), which says nothing about the bot. Chat users do not notice
 * 25 ms; a flood that costs them more must stay under twice the calm p99.
 */
const SLACK_MS = 25;
const NORMAL_LINES = [
  'halo',
  'syarat kerja ke Taiwan apa saja',
  'cek PT Maju Jaya',
  'menu',
  'berapa biaya penempatan ke Hong Kong',
  'terima kasih',
  'gaji saya belum dibayar 3 bulan',
  'batal',
];
/** The heaviest message a user may send: just under MAX_MESSAGE_LENGTH, so the NLU reads all of it. */
const HEAVY = 'tolong saya majikan tidak bayar gaji paspor ditahan agensi minta biaya lagi '.repeat(52).slice(0, 3990);
/**
 * The bot reads (classifies and answers) only the flood's first USER_RATE_PER_MINUTE + 1
 * messages; the rest are refused before their text is read. Those first ones, with a
 * margin, are the heaviest text; the rest are short, because 4 MB a second of refused text
 * through the suite's IPC pipe measured the pipe (others' p99 x2-x4 with every message
 * heavy, x1.1 with every message short, the bot's work the same), not the bot.
 */
const HEAVY_COUNT = 40;
const LIGHT = HEAVY.slice(0, 200);
let kit: Kit | undefined;

afterAll(async () => {
  await kit?.close();
});

interface Phase {
  latencies: number[];
  failures: number;
  sent: number;
}

/** 50 users, each sending a line, waiting for the answer, then pausing 0.5 to 1 s, for `ms`. */
async function normalChat(bot: Child, tag: string, ms = PHASE_MS): Promise<Phase> {
  const phase: Phase = { latencies: [], failures: 0, sent: 0 };
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: NORMAL_USERS }, async (_, u) => {
      await sleep(Math.random() * 1000);
      for (let i = 0; Date.now() < end; i++) {
        const r = await bot.handle(consoleMessage(`${tag}-${u}`, NORMAL_LINES[i % NORMAL_LINES.length] as string));
        phase.sent += 1;
        if (r.ok && r.result.replies.length > 0) phase.latencies.push(r.ms);
        else phase.failures += 1;
        await sleep(500 + Math.random() * 500);
      }
    }),
  );
  return phase;
}

describe('scenario 6: one user floods while 50 chat', () => {
  it("keeps the others' p99 latency under twice its value without the flood", async () => {
    const started = Date.now();
    kit = await createKit('s6');
    const bot = kit.bot('bot');
    await bot.start();
    // Warm up (first use of each code path) outside the measurement.
    await normalChat(bot, 'warm', 3000);

    let floodAnswered = 0;
    let slowDowns = 0;
    const spreads: number[] = [];
    const slowDown = translator.t('id', 'ops.slow_down');
    const flood = async (flooder: string) => {
      await sleep(1000);
      const sends: Promise<void>[] = [];
      const t0 = Date.now();
      for (let i = 0; i < FLOOD; i++) {
        sends.push(
          bot.handle(consoleMessage(flooder, i < HEAVY_COUNT ? `${i} ${HEAVY}` : `${i} ${LIGHT}`)).then((r) => {
            if (!r.ok) return;
            if (r.result.replies.length > 0) floodAnswered += 1;
            if (r.result.replies.some((x) => x.text === slowDown)) slowDowns += 1;
          }),
        );
        // 1,000 in one second: a message every millisecond.
        if (i % 10 === 9) await sleep(Math.max(0, t0 + i - Date.now()));
      }
      spreads.push(Date.now() - t0);
      await Promise.all(sends);
    };
    // Calm and flooded phases alternate, so load from other processes on the machine falls on both alike.
    const calm: Phase = { latencies: [], failures: 0, sent: 0 };
    const stormy: Phase = { latencies: [], failures: 0, sent: 0 };
    const add = (to: Phase, p: Phase) => {
      to.latencies.push(...p.latencies);
      to.failures += p.failures;
      to.sent += p.sent;
    };
    const rounds: { calm: number; stormy: number; ratio: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const quiet = await normalChat(bot, `calm-${round}`);
      const [flooded] = await Promise.all([normalChat(bot, `stormy-${round}`), flood(`flooder-${round}`)]);
      add(calm, quiet);
      add(stormy, flooded);
      const p99s = { calm: percentile(quiet.latencies, 99), stormy: percentile(flooded.latencies, 99) };
      rounds.push({ ...p99s, ratio: p99s.stormy / p99s.calm });
    }
    const spreadMs = Math.max(...spreads);

    const p99Calm = percentile(calm.latencies, 99);
    const p99Stormy = percentile(stormy.latencies, 99);
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] as (typeof rounds)[0];
    const ratio = median.ratio;
    const withinBound = ratio < 2 || median.stormy - median.calm < SLACK_MS;
    const exits = kit.unexpectedExits();
    const unhandled = await kit.unhandledRejections();
    writeRow({
      scenario: '6 one user floods',
      sent: calm.sent + stormy.sent + ROUNDS * FLOOD,
      replies: calm.latencies.length + stormy.latencies.length + floodAnswered,
      stored: 0,
      lost: 0,
      duplicated: 0,
      errors: calm.failures + stormy.failures + exits.length + unhandled + (withinBound ? 0 : 1),
      seconds: (Date.now() - started) / 1000,
      notes:
        `others' p99 calm / flooded by round ${rounds.map((r) => `${r.calm.toFixed(0)}/${r.stormy.toFixed(0)} ms`).join(', ')} ` +
        `(median x${ratio.toFixed(2)}; all rounds ${p99Calm.toFixed(0)}/${p99Stormy.toFixed(0)} ms); ` +
        `${ROUNDS} floods of ${FLOOD} in <= ${spreadMs} ms: ${floodAnswered} answered, ${slowDowns} slow-down notices`,
    });

    expect(spreadMs).toBeLessThan(1500);
    expect(calm.failures + stormy.failures).toBe(0);
    expect(withinBound, `median round x${ratio.toFixed(2)}, +${(median.stormy - median.calm).toFixed(0)} ms`).toBe(
      true,
    );
    expect(slowDowns).toBe(ROUNDS);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
  });
});
