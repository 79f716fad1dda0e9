/**
 * Scenario 5: 10,000 hostile inputs through the whole stack: 9,000 over the terminal-style
 * path into two bot processes, 1,000 as Telegram updates through the fake Bot API and the real
 * Telegram channel. Six in ten are injected at a free-input question of a flow (each walked
 * into once for real, its session then restored before every injection), the rest wherever
 * the conversation happens to be. No crash, no unhandled rejection, every input answered
 * within the length limits, every stored session still parses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import type { Child } from './lib/child-process.js';
import { COMPLAINT_LINES, referencePath, ticketsInText } from './lib/complaint-chat.js';
import { createRng, HOSTILE_KINDS, hostileInput } from './lib/hostile.js';
import { freeInputAsks, walks } from './lib/hostile-targets.js';
import { censusOfSessions } from './lib/inspect.js';
import { errorLogLines } from './lib/logs.js';
import { replyProblems } from './lib/reply-checks.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, pollingEnv, sender } from './lib/scenario-kit.js';
import { sendTelegramHostile } from './lib/telegram-hostile.js';

const TOTAL = 10_000;
const VIA_TELEGRAM = 1_000;
const LOOPS = 32;
const MAX = 4000;
let kit: Kit | undefined;
let fake: FakeBotApi | undefined;

afterAll(async () => {
  await kit?.close();
  await fake?.close();
});

describe('scenario 5: 10,000 hostile inputs', () => {
  it('answers every input within the limits, crashes nothing and leaves every session parseable', async () => {
    const started = Date.now();
    fake = await startFakeBotApi();
    // The hostile loops send far more than a person types; lift the per-user limit so every input reaches the bot.
    kit = await createKit('s5', {
      MAX_MESSAGE_LENGTH: String(MAX),
      USER_RATE_PER_MINUTE: '10000',
      CHANNEL_RATE_PER_SECOND: '100000',
    });
    const k = kit;
    const tg = pollingEnv(fake);
    const bots = [k.bot('bot-a', tg), k.bot('bot-b')];
    await Promise.all([...bots.map((b) => b.start()), k.worker('worker').start()]);
    const redis = k.redis.client();

    // A complaint from another chat, so the PIN question can be reached.
    const owner = sender(bots[1]!, 'owner');
    let joinCode = '';
    await referencePath(async (line) => {
      const r = await owner(line);
      for (const reply of r.ok ? r.result.replies : [])
        joinCode = /gabung ([0-9A-Z]{6})/.exec(reply.text)?.[1] ?? joinCode;
      return r;
    }, COMPLAINT_LINES);
    const ticket = await findOwnerTicket(bots[1]!);

    // Walk into every free-input ask once and keep the session the bot stored there.
    const targets = freeInputAsks();
    const paths = walks(ticket, joinCode);
    const unwalked = targets.filter((t) => !paths[t]);
    const snapshots = new Map<string, string>();
    const missed: string[] = [];
    for (const target of targets.filter((t) => paths[t])) {
      const user = `walk-${target}`;
      let last: { flow: string | null; node: string | null } = { flow: null, node: null };
      for (const line of paths[target] ?? []) {
        const r = await sender(bots[0]!, user)(line);
        if (r.ok) last = { flow: r.result.state?.flow ?? null, node: r.result.state?.node ?? null };
      }
      if (`${last.flow}/${last.node}` !== target) missed.push(`${target} (walk ended at ${last.flow}/${last.node})`);
      const raw = await redis.get(conversationKeys(k.redisPrefix, 'console', user).session);
      if (raw) snapshots.set(target, raw);
    }

    const problems: string[] = [];
    let answered = 0;
    let atTargets = 0;
    const perLoop = Math.ceil((TOTAL - VIA_TELEGRAM) / LOOPS);
    const landed = [...snapshots.keys()];
    const direct = Promise.all(
      Array.from({ length: LOOPS }, async (_, loop) => {
        const rng = createRng(1000 + loop);
        const bot = bots[loop % bots.length] as Child;
        const user = `hostile-${loop}`;
        const key = conversationKeys(k.redisPrefix, 'console', user).session;
        for (let i = 0; i < perLoop && loop * perLoop + i < TOTAL - VIA_TELEGRAM; i++) {
          const kind = rng.pick(HOSTILE_KINDS);
          const content = hostileInput(rng, kind, MAX);
          if (rng.next() < 0.6 && landed.length > 0) {
            const snap = JSON.parse(snapshots.get(rng.pick(landed)) as string) as { updatedAt: number };
            await redis.set(key, JSON.stringify({ ...snap, updatedAt: Date.now() }), 'EX', 86_400);
            atTargets += 1;
          }
          const r = await bot.handle({
            channel: 'console',
            userId: user,
            messageId: `h-${loop}-${i}`,
            receivedAt: Date.now(),
            ...content,
          });
          if (!r.ok) {
            problems.push(`${kind}: no answer (${r.error})`);
            continue;
          }
          const mode = r.result.state?.mode ?? 'bot';
          if (r.result.replies.length === 0 && mode === 'bot') problems.push(`${kind}: no reply`);
          else answered += 1;
          problems.push(...replyProblems(r.result.replies, MAX).map((p) => `${kind}: ${p}`));
          // Staff would now hold the conversation; start the next input from a fresh one.
          if (mode !== 'bot') await redis.del(key);
        }
      }),
    );
    const viaTelegram = sendTelegramHostile({
      fake,
      redis,
      prefix: k.redisPrefix,
      count: VIA_TELEGRAM,
      chats: 50,
      seed: 7,
      maxLength: MAX,
      snapshots: [...snapshots.values()],
    });
    const [, tgResult] = await Promise.all([direct, viaTelegram]);
    problems.push(...tgResult.problems);
    answered += tgResult.answered;

    const sessions = await censusOfSessions(redis, k.redisPrefix);
    redis.disconnect();
    const exits = k.unexpectedExits();
    const unhandled = await k.unhandledRejections();
    const errorLogs = errorLogLines(k.logDir);
    const errors = problems.length + exits.length + unhandled + sessions.unparseable.length + errorLogs.length;
    writeRow({
      scenario: '5 hostile inputs',
      sent: TOTAL,
      replies: answered,
      stored: 0,
      lost: 0,
      duplicated: 0,
      errors,
      seconds: (Date.now() - started) / 1000,
      notes: `${atTargets + tgResult.atTargets} at ${landed.length} free-input asks; ${sessions.total} sessions parsed; ${VIA_TELEGRAM} via Telegram`,
    });
    if (problems.length > 0) console.log('hostile problems (first 30):', [...new Set(problems)].slice(0, 30));
    if (errorLogs.length > 0) console.log('error log lines (first 10):', errorLogs.slice(0, 10));

    expect(unwalked).toEqual([]);
    expect(missed).toEqual([]);
    expect(problems).toEqual([]);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
    expect(sessions.unparseable).toEqual([]);
    expect(errorLogs).toEqual([]);
    expect(answered).toBe(TOTAL);
  });
});

async function findOwnerTicket(bot: Child): Promise<string> {
  const r = await sender(bot, 'owner')('cek status');
  const list = r.ok ? await sender(bot, 'owner')('lewati') : r;
  const t = list.ok ? list.result.replies.flatMap((x) => ticketsInText(x.text))[0] : undefined;
  if (!t) throw new Error('the owner complaint has no ticket');
  return t;
}
