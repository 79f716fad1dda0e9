/**
 * The users of scenario 3 and what they do around a killed bot: walk to the summary, check
 * that every ticket shown is somewhere durable, and recover after the restart.
 */
import type { Update } from 'grammy/types';
import { complaintKeys } from '../../../src/complaints/complaint-keys.js';
import type { FakeBotApi } from '../../helpers/fake-bot-api.js';
import type { Child } from './child-process.js';
import { COMPLAINT_LINES, fileComplaint, type Position, ticketsInText } from './complaint-chat.js';
import { sleep, sparePort } from './fault-redis.js';
import type { FreezeProxy } from './freeze-proxy.js';
import { censusOfCases, jobExists, spooledLines } from './inspect.js';
import { type Kit, sender, WEBHOOK_SECRET, webhookEnv, webhookUrl } from './scenario-kit.js';
import { mask, settled } from './telegram-chats.js';
import { isStatusOf } from './texts.js';

/** Bytes only the intake's staging of a confirmed complaint sends (the pending reporter key). */
export function stagingPattern(k: Kit): string {
  return complaintKeys(k.redisPrefix).pending('');
}

export const CONFIRM = COMPLAINT_LINES.at(-1) as string;
export const TO_SUMMARY = COMPLAINT_LINES.slice(0, -1);

export interface User {
  id: string;
  tickets: Set<string>;
  errors: string[];
  sent: number;
  answered: number;
}

export const newUser = (id: string): User => ({ id, tickets: new Set(), errors: [], sent: 0, answered: 0 });

export async function toSummary(bot: Child, user: User, expected: Position[]): Promise<void> {
  const o = await fileComplaint(sender(bot, user.id), {
    lines: TO_SUMMARY,
    expected: expected.slice(0, -1),
    thinkMs: () => 0,
    retryMs: 500,
    maxTries: 5,
    ticketAtEnd: false,
  });
  user.sent += o.sent;
  user.answered += o.answered;
  user.errors.push(...o.errors);
}

/** Is every shown ticket somewhere durable right now (queue, spool, or stored case)? */
export async function whereabouts(k: Kit, users: User[]): Promise<{ missing: string[] }> {
  const redis = k.redis.client();
  const census = await censusOfCases(redis, k.redisPrefix);
  const spool = spooledLines(k.spoolDir).join('\n');
  const missing: string[] = [];
  for (const u of users) {
    for (const t of u.tickets) {
      const c = census.byTicket.get(t)?.[0];
      const pending = await redis.exists(complaintKeys(k.redisPrefix).pending(t));
      const queued = c ? true : pending === 1 && (await anyJobFor(redis, k, t));
      if (!c && !queued && !spool.includes(t)) missing.push(t);
    }
  }
  redis.disconnect();
  return { missing };
}

async function anyJobFor(redis: ReturnType<Kit['redis']['client']>, k: Kit, ticket: string): Promise<boolean> {
  const id = await redis.get(complaintKeys(k.redisPrefix).ticket(ticket));
  return id ? jobExists(redis, k.queuePrefix, id) : false;
}

/**
 * After the restart: a user with a ticket asks its status. One who saw no answer sends the
 * confirmation again; if that brings no ticket (the bot had finished before it died, only the
 * answer was lost) they ask for the list of their complaints ("cek status", then "lewati").
 */
export async function recover(bot: Child, user: User): Promise<void> {
  const send = sender(bot, user.id, 40_000);
  const ask = async (text: string): Promise<string[] | null> => {
    const r = await send(text);
    user.sent += 1;
    if (!r.ok) {
      user.errors.push(`${text}: ${r.error}`);
      return null;
    }
    user.answered += 1;
    const texts = r.result.replies.map((x) => x.text);
    for (const t of texts.flatMap(ticketsInText)) user.tickets.add(t);
    return texts;
  };
  if (user.tickets.size === 0) await ask(CONFIRM);
  if (user.tickets.size === 0) {
    await ask('cek status');
    if (user.tickets.size === 0) await ask('lewati');
  }
  for (const t of user.tickets) {
    const texts = await ask(`cek status ${t}`);
    // What came instead (the bot's own text, ticket masked) says which way the check went.
    const got = mask(texts?.[0] ?? '').slice(0, 60);
    if (texts && !isStatusOf(texts, t)) user.errors.push(`status of ${t} not shown (got "${got}")`);
  }
  if (user.tickets.size !== 1) user.errors.push(`${user.tickets.size} tickets`);
}

/**
 * Phase D. Returns problems: chats that got no ticket after the redelivery, or whose webhook
 * call was answered although the bot was killed before it could have finished.
 */
export async function telegramRedelivery(
  k: Kit,
  fake: FakeBotApi,
  proxy: FreezeProxy,
  env: Record<string, string>,
  users: User[],
): Promise<string[]> {
  const problems: string[] = [];
  const port = await sparePort();
  const hookEnv = { ...env, ...webhookEnv(fake, port) };
  let hook = k.bot('hook', hookEnv);
  await hook.start();
  // Both bot processes listen on the same port in turn, as behind one address.
  const deliver = (update: Update) => fake.deliverWebhook(webhookUrl(port), update, WEBHOOK_SECRET).catch(() => 0);
  await Promise.all(
    users.map(async (u) => {
      for (const text of TO_SUMMARY) {
        await deliver(fake.userSends(Number(u.id), { text }));
        u.sent += 1;
      }
    }),
  );
  const confirms = users.map((u) => fake.userSends(Number(u.id), { text: CONFIRM }));
  proxy.arm(stagingPattern(k));
  const first = confirms.map(deliver);
  const armedAt = Date.now();
  while (!proxy.frozen && Date.now() - armedAt < 5000) await sleep(5);
  await hook.kill();
  proxy.thaw();
  for (const status of await Promise.all(first)) if (status === 200) problems.push('answered before it was handled');
  hook = k.bot('hook-2', hookEnv);
  await hook.start();
  // Telegram had no answer, so it sends the same updates again. The webhook is answered after
  // 2 s at most while handling goes on (the dead process's conversation lock must expire first).
  const before = users.map((u) => fake.sentTo(Number(u.id)).length);
  await Promise.all(confirms.map(deliver));
  for (const [i, u] of users.entries()) await waitForMore(fake, Number(u.id), before[i] ?? 0);
  for (const u of users) {
    u.sent += 1;
    const texts = fake.sentTo(Number(u.id)).map((m) => (m as { text?: string }).text ?? '');
    for (const t of texts.flatMap(ticketsInText)) u.tickets.add(t);
    if (u.tickets.size !== 1) {
      problems.push(`chat ${u.id}: ${u.tickets.size} tickets after the update came again`);
      continue;
    }
    u.answered += 1;
    const ticket = [...u.tickets][0] as string;
    const sentBefore = fake.sentTo(Number(u.id)).length;
    await deliver(fake.userSends(Number(u.id), { text: `cek status ${ticket}` }));
    await waitForMore(fake, Number(u.id), sentBefore);
    u.sent += 1;
    const last = fake.sentTo(Number(u.id)).map((m) => (m as { text?: string }).text ?? '');
    if (isStatusOf(last.slice(-2), ticket)) u.answered += 1;
    else problems.push(`chat ${u.id}: status not shown`);
  }
  await hook.stop();
  return problems;
}

async function waitForMore(fake: FakeBotApi, chat: number, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fake.sentTo(chat).length <= count && Date.now() < deadline) await sleep(50);
  await settled(fake, chat, 300, 5000);
}
