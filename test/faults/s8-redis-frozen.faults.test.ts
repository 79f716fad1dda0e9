/**
 * Scenario 8: Redis freezes (SIGSTOP: connections stay open, nothing is answered) for 10 s
 * while 20 users are in the middle of their complaint form, then resumes (SIGCONT). The bot's
 * own connection has a command timeout (BOT_REDIS_COMMAND_TIMEOUT_MS in src/compose-bot.ts, 3 s), so a
 * message sent while Redis is frozen is answered with an apology, not left hanging for the
 * whole freeze: the suite waits 8 s at most (more than twice the timeout, and still less than the
 * freeze) and counts messages left without an answer as errors. After SIGCONT every user goes
 * on where they were, every ticket shown is stored exactly once and every session parses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tallyChats } from './lib/chat-tally.js';
import type { Sent } from './lib/child-process.js';
import { type ChatOutcome, COMPLAINT_LINES, fileComplaint, referencePath } from './lib/complaint-chat.js';
import { sleep } from './lib/fault-redis.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, sender } from './lib/scenario-kit.js';
import { isApology } from './lib/texts.js';

const USERS = 20;
const FREEZE_MS = 10_000;
/** Longest wait for an answer while frozen: generous against the 3 s timeout, shorter than the freeze. */
const ANSWER_WITHIN_MS = 8_000;
let kit: Kit | undefined;
afterAll(async () => {
  await kit?.close();
});

describe('scenario 8: Redis frozen', () => {
  it('apologises within seconds while Redis is frozen and loses nothing after SIGCONT', async () => {
    const started = Date.now();
    kit = await createKit('s8');
    const k = kit;
    const bot = k.bot('bot');
    const worker = k.worker('worker', { lockDurationMs: 3000, stalledIntervalMs: 1000 });
    await Promise.all([bot.start(), worker.start()]);
    const expected = await referencePath(sender(bot, 'reference'), COMPLAINT_LINES);

    let frozen = false;
    const during = { sent: 0, apologies: 0, unanswered: 0, maxMs: 0 };
    const freeze = (async () => {
      await sleep(4000);
      k.redis.freeze();
      frozen = true;
      await sleep(FREEZE_MS);
      frozen = false;
      k.redis.thaw();
    })();
    const outcomes: ChatOutcome[] = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const send = sender(bot, `user-${i}`, ANSWER_WITHIN_MS);
        const watched = async (text: string): Promise<Sent> => {
          const inFreeze = frozen;
          const r = await send(text);
          if (!inFreeze || !frozen) return r;
          during.sent += 1;
          during.maxMs = Math.max(during.maxMs, r.ms);
          if (!r.ok) during.unanswered += 1;
          else if (isApology(r.result.replies.map((x) => x.text))) during.apologies += 1;
          return r;
        };
        await sleep(Math.random() * 2000);
        return fileComplaint(watched, {
          lines: COMPLAINT_LINES,
          expected,
          thinkMs: () => 300 + Math.random() * 500,
          retryMs: 1500,
          maxTries: 20,
        });
      }),
    );
    await freeze;

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
    const completed = outcomes.filter((o) => o.completed && o.tickets.size === 1).length;
    writeRow({
      scenario: '8 redis frozen',
      sent,
      replies: answered,
      stored: census.cases.length - 1,
      lost,
      duplicated,
      errors,
      seconds: (Date.now() - started) / 1000,
      notes:
        `frozen ${FREEZE_MS / 1000} s: ${during.sent} sent, ${during.apologies} apologies, ${during.unanswered} ` +
        `unanswered, slowest ${during.maxMs.toFixed(0)} ms; ${completed}/${USERS} complaints done after SIGCONT`,
    });
    if (convErrors.length > 0) console.log('scenario 8 errors:', convErrors);

    expect(during.sent).toBeGreaterThan(0);
    expect(during.unanswered).toBe(0);
    expect(during.apologies).toBe(during.sent);
    expect(convErrors).toEqual([]);
    expect(completed).toBe(USERS);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
    expect(drained).toBe(true);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(counts.failed).toBe(0);
    expect(sessions.unparseable).toEqual([]);
  });
});
