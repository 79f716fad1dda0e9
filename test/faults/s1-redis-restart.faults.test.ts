/**
 * Scenario 1: 200 conversations file complaints through two bot processes (a separate worker
 * process stores the cases) while Redis is restarted twice: once gracefully (SIGTERM, back at
 * once, after 8 s) and once by SIGKILL with three seconds of outage (10 s later), both while
 * most conversations are in the middle of their form. Redis keeps its data in an AOF, as
 * production must (see lib/fault-redis.ts).
 * Every ticket a user was given is stored exactly once; every conversation either goes on or
 * is reset with an apology; no process exits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tallyChats } from './lib/chat-tally.js';
import { type ChatOutcome, COMPLAINT_LINES, fileComplaint, referencePath } from './lib/complaint-chat.js';
import { sleep } from './lib/fault-redis.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, percentile, sender } from './lib/scenario-kit.js';

const CONVERSATIONS = 200;
let kit: Kit | undefined;

afterAll(async () => {
  await kit?.close();
});

describe('scenario 1: Redis restarted twice under 200 conversations', () => {
  it('stores every confirmed complaint exactly once and keeps every conversation and process alive', async () => {
    const started = Date.now();
    kit = await createKit('s1');
    const k = kit;
    const bots = [k.bot('bot-a'), k.bot('bot-b')];
    const worker = k.worker('worker', { lockDurationMs: 3000, stalledIntervalMs: 1000 });
    await Promise.all([...bots.map((b) => b.start()), worker.start()]);
    const expected = await referencePath(sender(bots[0]!, 'reference'), COMPLAINT_LINES);

    const outage = (async () => {
      await sleep(8000);
      await k.redis.restart('graceful', 200);
      await sleep(10_000);
      await k.redis.restart('kill', 8000);
    })();
    const outcomes: ChatOutcome[] = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, i) => {
        await sleep(Math.random() * 6000);
        const bot = bots[i % bots.length]!;
        return fileComplaint(sender(bot, `user-${i}`), {
          lines: COMPLAINT_LINES,
          expected,
          // People read the answer and type: 2 to 5 s (about 60 messages a second for 200 users).
          thinkMs: () => 2000 + Math.random() * 3000,
          retryMs: 1000,
          maxTries: 40,
        });
      }),
    );
    await outage;

    const {
      drained,
      census,
      sessions,
      counts,
      lost,
      duplicated,
      convErrors,
      exits,
      unhandled,
      errors,
      sent,
      answered,
    } = await tallyChats(k, outcomes);
    const sum = (f: (o: ChatOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
    const latencies = outcomes.flatMap((o) => o.latencies);
    writeRow({
      scenario: '1 redis restarted twice',
      sent,
      replies: answered,
      stored: census.cases.filter((c) => c.userId?.startsWith('user-')).length,
      lost,
      duplicated,
      errors,
      seconds: (Date.now() - started) / 1000,
      notes:
        `${CONVERSATIONS} convs, ${sum((o) => (o.completed ? 1 : 0))} done; ${sum((o) => o.apologies)} apologies, ` +
        `${sum((o) => o.restarts)} restarted, ${sum((o) => o.spooled)} spooled; ` +
        `p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    });
    if (convErrors.length > 0) console.log('conversation errors (first 20):', convErrors.slice(0, 20));
    if (exits.length > 0) console.log('exits:', exits);
    if (sessions.unparseable.length > 0) console.log('bad sessions:', sessions.unparseable.slice(0, 5));

    expect(k.redis.restarts).toBe(2);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
    expect(convErrors).toEqual([]);
    expect(outcomes.every((o) => o.completed && o.tickets.size >= 1)).toBe(true);
    expect(drained).toBe(true);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(counts.failed).toBe(0);
    expect(sessions.unparseable).toEqual([]);
  });
});
