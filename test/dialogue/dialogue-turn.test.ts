/**
 * The message's turn in Redis: two round trips, the user's budget, bounded message marks,
 * the staff history, and the lock that lingers while replies are delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/core/messages.js';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import { createDialogueService, type DialogueServiceDeps } from '../../src/dialogue/dialogue-service.js';
import { createFaqStats } from '../../src/faq/faq-stats.js';
import { createRelayHistory } from '../../src/handover/relay-history.js';
import { createLogger } from '../../src/logger.js';
import type { RedisClient } from '../../src/redis.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const logger = createLogger({ level: 'silent', format: 'json' });
const flows = repoFlows();
const history = createRelayHistory({ redis, prefix });

function service(extra: Partial<DialogueServiceDeps> = {}, client: RedisClient = redis) {
  return createDialogueService({
    redis: client,
    prefix,
    sessionTtlSeconds: 3600,
    flows,
    translator,
    nlu: { classify: fakeClassify, normalize: (t) => t, matchCountry: () => null },
    emergencyContacts: () => ['handover.requested'],
    settings: { formTimeoutMs: 3_600_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' },
    defaultLanguage: 'id',
    actions: { deleteMyData: async () => ({ outcome: 'ok' }) },
    logger,
    history: history.forTurns,
    ...extra,
  });
}

let n = 0;
const m = (userId: string, text: string, messageId = `id-${++n}`): IncomingMessage => ({
  channel: 'telegram',
  userId,
  messageId,
  text,
  receivedAt: Date.now(),
});

/** Counts what a client sends (a spy on the real client: every command still reaches Redis). */
function counted(client: RedisClient) {
  const names: string[] = [];
  const target = client as unknown as { sendCommand: (c: { name: string }, ...rest: unknown[]) => unknown };
  const send = target.sendCommand.bind(client);
  target.sendCommand = (command, ...rest) => {
    names.push(command.name);
    return send(command, ...rest);
  };
  return names;
}

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('a message turn', () => {
  it('takes two Redis calls, both scripts by SHA once loaded, also when it delivers the replies itself', async () => {
    const client = testRedis();
    const svc = service({ userLimit: { perMinute: 30 } }, client);
    await svc.handle(m('rt', 'halo'));
    const names = counted(client);
    await svc.handle(m('rt', 'menu'));
    expect(names).toEqual(['evalsha', 'evalsha']);
    names.length = 0;
    // Delivered between the two calls: the session is not saved (nor the lock released) yet.
    const seen: string[] = [];
    const r = await svc.handle(m('rt', 'menu'), {
      deliver: async () => {
        seen.push(...names);
      },
    });
    expect(r.delivered).toBe(true);
    expect(seen).toEqual(['evalsha']);
    expect(names).toEqual(['evalsha', 'evalsha']);
    await client.quit();
  });

  it("refuses a user over budget, answers the first refusal in the user's language, then drops silently", async () => {
    const refused: string[] = [];
    const svc = service({ userLimit: { perMinute: 2, onLimited: (msg) => refused.push(msg.messageId) } });
    await svc.handle(m('rl', 'ganti bahasa'));
    await svc.handle(m('rl', '2'));
    const third = await svc.handle(m('rl', 'halo', 'rl-3'));
    expect(third).toEqual({ replies: [{ text: translator.t('en', 'ops.slow_down') }], duplicate: false });
    const fourth = await svc.handle(m('rl', 'halo', 'rl-4'));
    expect(fourth).toEqual({ replies: [], duplicate: false });
    expect(refused).toEqual(['rl-3', 'rl-4']);
    // Another service (another process) shares the budget: it is counted in Redis.
    expect((await service({ userLimit: { perMinute: 2 } }).handle(m('rl', 'halo'))).replies).toEqual([]);
    const ttl = await redis.pttl(conversationKeys(prefix, 'telegram', 'rl').rate);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps the last 64 marks of a conversation and still drops a redelivered message, in any process', async () => {
    const one = service();
    const two = service();
    for (let i = 0; i < 70; i++) await one.handle(m('mk', 'halo', `mk-${i}`));
    const marks = conversationKeys(prefix, 'telegram', 'mk').marks;
    expect(await redis.llen(marks)).toBe(64);
    expect((await two.handle(m('mk', 'halo', 'mk-69'))).duplicate).toBe(true);
    expect((await two.handle(m('mk', 'halo', 'mk-10'))).duplicate).toBe(true);
    // One key for the marks, none per message.
    expect(await redis.keys(`${prefix}:conv:{telegram:mk}:msg:*`)).toEqual([]);
    const whatsappId = 'false_6281234567890@c.us_3EB0C767D82B0A1B2C3D4E5F';
    expect((await one.handle({ ...m('mk-wa', 'halo', whatsappId), channel: 'whatsapp' })).duplicate).toBe(false);
    expect((await two.handle({ ...m('mk-wa', 'halo', whatsappId), channel: 'whatsapp' })).duplicate).toBe(true);
  });

  it("records the user's line and the opening words of the bot's reply for staff", async () => {
    const svc = service();
    await svc.handle(m('hs', 'menu'));
    const lines = await history.read({ channel: 'telegram', userId: 'hs' }, 20);
    expect(lines[0]).toMatchObject({ role: 'user', text: 'menu' });
    // One line for the bot's whole turn, its opening words only.
    const bot = lines.filter((l) => l.role === 'bot');
    expect(bot).toHaveLength(1);
    expect(bot[0]?.text?.length ?? 0).toBeLessThanOrEqual(48);
    expect(bot[0]?.text?.length ?? 0).toBeGreaterThan(10);
  });

  it("keeps a user's line and the bot's answer as one entry, unless another line came between", async () => {
    const svc = service();
    const conv = { channel: 'telegram' as const, userId: 'hj' };
    const key = `${prefix}:relay:{telegram:hj}:history`;
    await svc.handle(m('hj', 'menu'));
    await svc.handle(m('hj', 'halo'));
    expect(await redis.llen(key)).toBe(2);
    expect((await history.read(conv, 10)).map((l) => l.role)).toEqual(['user', 'bot', 'user', 'bot']);
    // Staff wrote while the message was handled (before the save): the answer is a line of its own.
    await svc.handle(m('hj', 'menu'), {
      deliver: () => history.push(conv, [{ at: Date.now(), role: 'staff', text: 'halo dari petugas' }]),
    });
    expect(await redis.llen(key)).toBe(5);
    const roles = (await history.read(conv, 10)).map((l) => l.role);
    expect(roles).toEqual(['user', 'bot', 'user', 'bot', 'user', 'staff', 'bot']);
  });

  it('counts a line it did not understand in the same save: still two calls, and old days are dropped', async () => {
    const client = testRedis();
    const stats = createFaqStats({ redis: client, prefix });
    const svc = service({ unanswered: stats.turnIndex }, client);
    const key = stats.turnIndex.keyOf({ channel: 'telegram', userId: 'un' });
    await client.hset(key, '2001-01-01|baris lama sekali', '3');
    await svc.handle(m('un-warm', 'halo'));
    const names = counted(client);
    await svc.handle(m('un', 'qwerty zxcv'));
    await svc.handle(m('un', 'qwerty zxcv'));
    expect(names).toEqual(['evalsha', 'evalsha', 'evalsha', 'evalsha']);
    const lines = await client.hgetall(key);
    expect(Object.keys(lines)).toHaveLength(1);
    expect(Object.values(lines)).toEqual(['2']);
    expect(Object.keys(lines)[0]).toMatch(/^\d{4}-\d{2}-\d{2}\|qwerty zxcv$/);
    expect(await stats.topUnanswered(5)).toContainEqual({ text: 'qwerty zxcv', count: 2 });
    await client.quit();
  });

  it('holds the lock while replies are delivered and releases it after; without replies to deliver, in the save', async () => {
    const svc = service();
    const lock = conversationKeys(prefix, 'telegram', 'lg').lock;
    let heldDuringDelivery = 0;
    await svc.handle(m('lg', 'halo'), {
      deliver: async () => {
        heldDuringDelivery = await redis.exists(lock);
      },
    });
    expect(heldDuringDelivery).toBe(1);
    expect(await redis.exists(lock)).toBe(0);
    const client = testRedis();
    const counting = service({}, client);
    await counting.handle(m('lg', 'menu'));
    const names = counted(client);
    await counting.handle(m('lg', 'menu'));
    expect(names).toEqual(['evalsha', 'evalsha']);
    expect(await redis.exists(lock)).toBe(0);
    await client.quit();
  });
});
