/**
 * Scenario 7: Redis is full (maxmemory reached, policy noeviction), no write succeeds.
 *  A. Full before users confirm their complaints: each gets an honest apology and no ticket
 *     (nothing was accepted, so nothing can be lost).
 *  B. Redis fills up at the moment the intake stages the first confirmed complaint (the proxy
 *     runs CONFIG SET maxmemory there): that complaint goes to the spool and its user sees the
 *     ticket with the honest "saved, but this chat is disturbed" note; the others get the
 *     ticket from the spool too, or an apology without a ticket.
 * Then Redis has room again: users without a ticket confirm again, everyone checks the status,
 * the spool drains, and every ticket shown is stored exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIRM, newUser, recover, stagingPattern, toSummary, type User } from './lib/bot-kill-users.js';
import { COMPLAINT_LINES, referencePath, ticketsIn } from './lib/complaint-chat.js';
import { type FreezeProxy, startFreezeProxy } from './lib/freeze-proxy.js';
import { censusOfCases, duplicatesIn, spooledLines, waitForDrain } from './lib/inspect.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, sender } from './lib/scenario-kit.js';
import { isApology, isSpoolNotice, translator } from './lib/texts.js';

const PER_PHASE = 10;
const savedElsewhere = translator.t('id', 'common.saved_elsewhere');
let kit: Kit | undefined;
let proxy: FreezeProxy | undefined;
afterAll(async () => {
  await proxy?.close();
  await kit?.close();
});

interface Tally {
  apologies: number;
  spooled: number;
  notes: number;
  dishonest: string[];
}

/** Every user confirms at once; each answer must be a spooled ticket or an apology without one. */
async function confirmAll(send: (id: string) => ReturnType<ReturnType<typeof sender>>, users: User[], t: Tally) {
  await Promise.all(
    users.map(async (u) => {
      const r = await send(u.id);
      u.sent += 1;
      if (!r.ok) return void u.errors.push(`no answer while full: ${r.error}`);
      u.answered += 1;
      const texts = r.result.replies.map((x) => x.text);
      const tickets = ticketsIn(r.result);
      for (const ticket of tickets) u.tickets.add(ticket);
      if (texts.includes(savedElsewhere)) t.notes += 1;
      if (tickets.length > 0 && isSpoolNotice(texts)) t.spooled += 1;
      else if (tickets.length === 0 && isApology(texts)) t.apologies += 1;
      else t.dishonest.push(`${u.id}: ${tickets.length} tickets, ${isSpoolNotice(texts) ? '' : 'no '}spool notice`);
    }),
  );
}

describe('scenario 7: Redis full', () => {
  it('answers every message honestly and loses no complaint it gave a ticket for', async () => {
    const started = Date.now();
    kit = await createKit('s7');
    const k = kit;
    proxy = await startFreezeProxy(k.redis.port);
    const p = proxy;
    const bot = k.bot('bot', { REDIS_URL: p.url });
    const worker = k.worker('worker');
    await Promise.all([bot.start(), worker.start()]);
    const expected = await referencePath(sender(bot, 'reference'), COMPLAINT_LINES);
    const a = Array.from({ length: PER_PHASE }, (_, i) => newUser(`a-${i}`));
    const b = Array.from({ length: PER_PHASE }, (_, i) => newUser(`b-${i}`));
    const users = [...a, ...b];
    await Promise.all(users.map((u) => toSummary(bot, u, expected)));

    const admin = k.redis.client();
    const fill = async () => void (await admin.config('SET', 'maxmemory', '1'));
    const room = async () => void (await admin.config('SET', 'maxmemory', '0'));
    const confirm = (id: string) => sender(bot, id)(CONFIRM);
    const tallyA: Tally = { apologies: 0, spooled: 0, notes: 0, dishonest: [] };
    await fill();
    await confirmAll(confirm, a, tallyA);
    await room();
    const tallyB: Tally = { apologies: 0, spooled: 0, notes: 0, dishonest: [] };
    p.arm(stagingPattern(k), fill);
    await confirmAll(confirm, b, tallyB);
    const spooled = spooledLines(k.spoolDir).length;
    await room();

    await Promise.all(users.map((u) => recover(bot, u)));
    const drained = await waitForDrain(k.redis.url, k.queuePrefix, [k.spoolDir], 60_000);
    const census = await censusOfCases(admin, k.redisPrefix);
    admin.disconnect();
    let lost = 0;
    let extra = 0;
    for (const u of users) {
      for (const t of u.tickets) if (!census.byTicket.has(t)) lost += 1;
      extra += Math.max(0, census.cases.filter((x) => x.userId === u.id).length - u.tickets.size);
    }
    const errors = [
      ...users.flatMap((u) => u.errors.map((e) => `${u.id}: ${e}`)),
      ...tallyA.dishonest,
      ...tallyB.dishonest,
      ...k.unexpectedExits(),
    ];
    writeRow({
      scenario: '7 redis full',
      sent: users.reduce((n, u) => n + u.sent, 0),
      replies: users.reduce((n, u) => n + u.answered, 0),
      stored: census.cases.length - 1,
      lost,
      duplicated: duplicatesIn(census) + extra,
      errors: errors.length + (drained ? 0 : 1),
      seconds: (Date.now() - started) / 1000,
      notes:
        `full before confirm: ${tallyA.apologies}/${PER_PHASE} apologies; filled at staging: ` +
        `${tallyB.spooled} tickets from the spool (${tallyB.notes} with the honest note), ${tallyB.apologies} apologies`,
    });
    if (errors.length > 0) console.log('scenario 7 errors:', errors);

    expect(errors).toEqual([]);
    expect(tallyA.apologies).toBe(PER_PHASE);
    expect(spooled).toBeGreaterThan(0);
    expect(tallyB.spooled).toBeGreaterThan(0);
    expect(tallyB.notes).toBe(tallyB.spooled);
    expect(drained).toBe(true);
    expect(lost).toBe(0);
    expect(duplicatesIn(census) + extra).toBe(0);
  });
});
