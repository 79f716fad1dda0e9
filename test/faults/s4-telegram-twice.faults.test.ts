/**
 * Scenario 4: every Telegram update delivered twice, chats interleaved at random, through the
 * fake Bot API, the real Telegram channel and the real dialogue service (bot processes).
 *  P. Long polling, one bot process: the update stream holds every update twice (same update_id).
 *  W. Webhook, two bot processes behind one address: each update is posted to one process and
 *     posted again to the other, either at the same moment or up to 1.5 s later while the chat
 *     goes on (Telegram re-sending after a lost answer), so only the shared Redis dedup can tell.
 * Each chat must receive exactly the reference conversation (same texts, same order, nothing
 * twice), and file exactly one complaint.
 */

import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import type { Child } from './lib/child-process.js';
import { COMPLAINT_LINES } from './lib/complaint-chat.js';
import { sleep, sparePort } from './lib/fault-redis.js';
import { censusOfCases, duplicatesIn, waitForDrain } from './lib/inspect.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, pollingEnv, WEBHOOK_SECRET, webhookEnv, webhookUrl } from './lib/scenario-kit.js';
import { allReceived, referenceTexts, textsOf } from './lib/telegram-chats.js';

const CHATS = 60;
let kit: Kit | undefined;
let fake: FakeBotApi | undefined;

afterAll(async () => {
  await kit?.close();
  await fake?.close();
});

/** Random interleaving of the chats' scripts, keeping each chat's own order. */
function interleave(chats: number[], lines: string[]): { chat: number; text: string }[] {
  const next = new Map(chats.map((c) => [c, 0]));
  const out: { chat: number; text: string }[] = [];
  while (next.size > 0) {
    const open = [...next.keys()];
    const chat = open[Math.floor(Math.random() * open.length)] as number;
    const i = next.get(chat) as number;
    out.push({ chat, text: lines[i] as string });
    if (i + 1 >= lines.length) next.delete(chat);
    else next.set(chat, i + 1);
  }
  return out;
}

describe('scenario 4: Telegram updates delivered twice, out of order across chats', () => {
  it('processes each update once and in order per chat', async () => {
    const started = Date.now();
    fake = await startFakeBotApi();
    const f = fake;
    kit = await createKit('s4');
    const k = kit;
    const tg = pollingEnv(f);
    const worker = k.worker('worker');
    let poller: Child = k.bot('poller', tg);
    await Promise.all([worker.start(), poller.start()]);
    const reference = await referenceTexts(f, 900, COMPLAINT_LINES);
    await poller.stop();

    // P: the whole stream is queued before the poller starts, each update followed by its copy.
    const pChats = Array.from({ length: CHATS }, (_, i) => 1000 + i);
    let delivered = 0;
    for (const { chat, text } of interleave(pChats, COMPLAINT_LINES)) {
      const update = f.userSends(chat, { text });
      f.pushUpdate(update);
      delivered += 2;
    }
    poller = k.bot('poller-2', tg);
    await poller.start();
    const pDone = await allReceived(f, pChats, reference.length, 90_000);
    await poller.stop();

    // W: two webhook processes; every update goes to one, and again later to the other.
    const ports = [await sparePort(), await sparePort()];
    const hooks = [
      k.bot('hook-a', webhookEnv(f, ports[0] as number)),
      k.bot('hook-b', webhookEnv(f, ports[1] as number)),
    ];
    await Promise.all(hooks.map((h) => h.start()));
    const urls = ports.map(webhookUrl);
    const wChats = Array.from({ length: CHATS }, (_, i) => 2000 + i);
    const badStatus: string[] = [];
    const resends: Promise<void>[] = [];
    const post = async (url: string, update: Update) => {
      const status = await f.deliverWebhook(url, update, WEBHOOK_SECRET);
      if (status !== 200) badStatus.push(`${status}`);
    };
    await Promise.all(
      wChats.map(async (chat) => {
        await sleep(Math.random() * 2000);
        for (const text of COMPLAINT_LINES) {
          const first = Math.floor(Math.random() * 2);
          const update = f.userSends(chat, { text });
          const original = post(urls[first] as string, update);
          // Half the copies race the original on the other process, half come up to 1.5 s later.
          const delay = Math.random() < 0.5 ? 0 : Math.random() * 1500;
          resends.push(sleep(delay).then(() => post(urls[1 - first] as string, update)));
          await original;
          delivered += 2;
          await sleep(Math.random() * 100);
        }
      }),
    );
    await Promise.all(resends);
    const wDone = await allReceived(f, wChats, reference.length, 60_000);

    const drained = await waitForDrain(k.redis.url, k.queuePrefix, [k.spoolDir], 30_000);
    const redis = k.redis.client();
    const census = await censusOfCases(redis, k.redisPrefix);
    redis.disconnect();
    const chats = [...pChats, ...wChats];
    const wrong = chats.filter((c) => JSON.stringify(textsOf(f, c)) !== JSON.stringify(reference));
    const replies = chats.reduce((n, c) => n + f.sentTo(c).length, 0);
    // A reply counts as duplicated when the chat got every reference message and more besides
    // (a chat that missed a message diverges from the script: counted under errors instead).
    const extraReplies = chats.reduce((n, c) => n + extraCopies(textsOf(f, c), reference), 0);
    const casesPerChat = chats.map((c) => census.cases.filter((x) => x.userId === String(c)).length);
    const lost = casesPerChat.filter((n) => n === 0).length;
    const duplicated = duplicatesIn(census) + casesPerChat.reduce((n, x) => n + Math.max(0, x - 1), 0) + extraReplies;
    const exits = k.unexpectedExits();
    const unhandled = await k.unhandledRejections();
    const errors = wrong.length + badStatus.length + exits.length + unhandled + (pDone && wDone && drained ? 0 : 1);
    writeRow({
      scenario: '4 telegram updates twice',
      sent: delivered,
      replies,
      stored: census.cases.length - 1,
      lost,
      duplicated,
      errors,
      seconds: (Date.now() - started) / 1000,
      notes: `${chats.length} chats (polling ${CHATS}, webhook ${CHATS} on 2 processes); ${wrong.length} chats differ from the reference`,
    });
    if (wrong.length > 0) {
      const c = wrong[0] as number;
      console.log(`chat ${c} got`, textsOf(f, c), 'expected', reference);
    }

    expect(pDone && wDone).toBe(true);
    expect(badStatus).toEqual([]);
    expect(wrong).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
  });
});

function extraCopies(got: string[], reference: string[]): number {
  const left = [...got];
  for (const text of reference) {
    const i = left.indexOf(text);
    if (i === -1) return 0;
    left.splice(i, 1);
  }
  return left.length;
}
