/**
 * Scenario 3: the bot process is killed with SIGKILL right after users confirm complaints.
 *  A. Redis up: the bot dies the moment the first ticket is shown (other confirmations in flight).
 *  B. Redis hangs the moment the intake stages a confirmed complaint (a proxy freezes all
 *     traffic), so the intake spools it; the bot dies before it can answer, then Redis answers
 *     again and a new bot process replays the dead one's spool.
 *  C. The real terminal chat (`npm run chat -- --script`) killed as soon as it prints the ticket.
 *  D. Telegram webhook: Redis hangs as the confirmation is staged and the bot is killed before
 *     it answers the webhook; Telegram sends the same update again to the restarted bot, which
 *     must handle it (not drop it as already seen) and show the ticket.
 * Right after each kill every shown ticket is on the queue, in the spool or already a case.
 * After a restart each user checks the status ("cek status ADU-…") from the same chat, and a
 * user who saw no answer sends the confirmation again. In the end every user has exactly one case.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import {
  CONFIRM,
  newUser,
  recover,
  stagingPattern,
  telegramRedelivery,
  toSummary,
  type User,
  whereabouts,
} from './lib/bot-kill-users.js';
import { COMPLAINT_LINES, referencePath, ticketsIn } from './lib/complaint-chat.js';
import { sleep } from './lib/fault-redis.js';
import { type FreezeProxy, startFreezeProxy } from './lib/freeze-proxy.js';
import { censusOfCases, duplicatesIn, spooledLines, waitForDrain } from './lib/inspect.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, sender } from './lib/scenario-kit.js';
import { chatOnce, killChatAtTicket } from './lib/terminal-chat.js';
import { isStatusOf } from './lib/texts.js';

let kit: Kit | undefined;
let proxy: FreezeProxy | undefined;
let fake: FakeBotApi | undefined;
afterAll(async () => {
  await proxy?.close();
  await kit?.close();
  await fake?.close();
});

describe('scenario 3: bot killed right after a complaint is confirmed', () => {
  it('keeps every confirmed complaint on the queue or in the spool, and its status readable after restart', async () => {
    const started = Date.now();
    kit = await createKit('s3');
    const k = kit;
    proxy = await startFreezeProxy(k.redis.port);
    const viaProxy = { REDIS_URL: proxy.url };
    const worker = k.worker('worker', { lockDurationMs: 2000, stalledIntervalMs: 1000 });
    let bot = k.bot('bot', viaProxy);
    await Promise.all([bot.start(), worker.start()]);
    const expected = await referencePath(sender(bot, 'reference'), COMPLAINT_LINES);
    const missingAtKill: string[] = [];
    const users: User[] = [];

    // A. Redis up; the first ticket shown is the signal to kill.
    const a = Array.from({ length: 10 }, (_, i) => newUser(`a-${i}`));
    users.push(...a);
    await Promise.all(a.map((u) => toSummary(bot, u, expected)));
    const botA = bot;
    await new Promise<void>((resolve) => {
      let killed = false;
      for (const u of a) {
        void sender(
          botA,
          u.id,
        )(CONFIRM).then(async (r) => {
          u.sent += 1;
          if (r.ok) {
            u.answered += 1;
            for (const t of ticketsIn(r.result)) u.tickets.add(t);
          }
          if (!killed && u.tickets.size > 0) {
            killed = true;
            await botA.kill();
            resolve();
          }
        });
      }
    });
    missingAtKill.push(...(await whereabouts(k, a)).missing);
    bot = k.bot('bot-after-a', viaProxy);
    await bot.start();
    await Promise.all(a.map((u) => recover(bot, u)));

    // B. Redis hangs as the first confirmed complaint is staged: the intake spools; the bot dies unanswered.
    const b = Array.from({ length: 10 }, (_, i) => newUser(`b-${i}`));
    users.push(...b);
    await Promise.all(b.map((u) => toSummary(bot, u, expected)));
    const botB = bot;
    const p = proxy;
    p.arm(stagingPattern(k));
    for (const u of b) void sender(botB, u.id)(CONFIRM);
    const spooledAt = Date.now();
    while (spooledLines(k.spoolDir).length === 0 && Date.now() - spooledAt < 8000) await sleep(50);
    const spooledB = spooledLines(k.spoolDir).length;
    const frozeB = p.frozen;
    await botB.kill();
    p.thaw();
    bot = k.bot('bot-after-b', viaProxy);
    await bot.start();
    await Promise.all(b.map((u) => recover(bot, u)));

    // C. The real terminal chat, killed as soon as it prints the ticket.
    const c = newUser('c-0');
    users.push(c);
    const runC = await killChatAtTicket(k, c.id);
    c.sent += runC.lines;
    c.answered += runC.lines;
    if (runC.ticket) c.tickets.add(runC.ticket);
    else c.errors.push('terminal chat showed no ticket');
    missingAtKill.push(...(await whereabouts(k, [c])).missing);
    const status = await chatOnce(k, c.id, `cek status ${runC.ticket}`);
    c.sent += 1;
    if (status && runC.ticket && isStatusOf(status, runC.ticket)) c.answered += 1;
    else c.errors.push('terminal status check failed');

    // D. Telegram webhook: killed before answering, the update comes again.
    fake = await startFakeBotApi();
    const d = [700, 701, 702].map((chat) => newUser(String(chat)));
    users.push(...d);
    const missedD = await telegramRedelivery(k, fake, proxy, viaProxy, d);

    const drained = await waitForDrain(k.redis.url, k.queuePrefix, [k.spoolDir], 60_000);
    const redis = k.redis.client();
    const census = await censusOfCases(redis, k.redisPrefix);
    redis.disconnect();
    let lost = 0;
    let extra = 0;
    for (const u of users) {
      for (const t of u.tickets) if (!census.byTicket.has(t)) lost += 1;
      extra += Math.max(0, census.cases.filter((x) => x.userId === u.id).length - u.tickets.size);
    }
    const errors = users.flatMap((u) => u.errors.map((e) => `${u.id}: ${e}`));
    const exits = k.unexpectedExits();
    writeRow({
      scenario: '3 bot SIGKILLed after confirm',
      sent: users.reduce((n, u) => n + u.sent, 0),
      replies: users.reduce((n, u) => n + u.answered, 0),
      stored: census.cases.length - 1,
      lost: lost + missingAtKill.length,
      duplicated: duplicatesIn(census) + extra,
      errors: errors.length + exits.length + missedD.length + (drained ? 0 : 1),
      seconds: (Date.now() - started) / 1000,
      notes: `3 kills; ${spooledB} spooled while Redis was frozen; ${users.length} users`,
    });
    if (errors.length > 0) console.log('scenario 3 errors:', errors);

    expect(missingAtKill).toEqual([]);
    expect(missedD).toEqual([]);
    expect(frozeB).toBe(true);
    expect(spooledB).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(exits).toEqual([]);
    expect(drained).toBe(true);
    expect(lost).toBe(0);
    expect(duplicatesIn(census) + extra).toBe(0);
  });
});
