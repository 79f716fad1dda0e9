/**
 * The floor: the least a stateful Telegram bot must do per update. grammY with per-chat
 * order, one Lua call that takes the lock, checks the message mark and loads the session,
 * the same engine and actions as the production bot, one Lua call that saves, marks and
 * unlocks, and one reply (texts joined, the last choices as buttons).
 */
import { randomUUID } from 'node:crypto';
import { run, sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { classifyUpdate } from '../../src/channels/telegram/to-incoming.js';
import { buildInlineKeyboard } from '../../src/channels/telegram/to-outgoing.js';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import type { EngineRunner } from '../../src/dialogue/engine-runner.js';
import { type Language, newSession, parseSession } from '../../src/engine/session.js';
import type { RedisClient } from '../../src/redis.js';
import type { FakeBotApi } from '../../test/helpers/fake-bot-api.js';

const BEGIN = `
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {'locked'} end
if redis.call('exists', KEYS[2]) == 1 then redis.call('del', KEYS[1]) return {'duplicate'} end
local s = redis.call('get', KEYS[3])
if s then return {'ok', s} end
return {'ok'}`;

const FINISH = `
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('set', KEYS[2], '1', 'EX', 86400)
if redis.call('get', KEYS[3]) == ARGV[3] then redis.call('del', KEYS[3]) end
return 1`;

interface FloorCommands {
  floorBegin(lock: string, mark: string, session: string, token: string, ttlMs: number): Promise<string[]>;
  floorFinish(session: string, mark: string, lock: string, json: string, ttl: number, token: string): Promise<number>;
}

export async function startFloorBot(deps: {
  fake: FakeBotApi;
  redis: RedisClient;
  prefix: string;
  engine: EngineRunner;
  defaultLanguage: Language;
}): Promise<() => Promise<void>> {
  const { redis, engine } = deps;
  redis.defineCommand('floorBegin', { numberOfKeys: 3, lua: BEGIN });
  redis.defineCommand('floorFinish', { numberOfKeys: 3, lua: FINISH });
  const r = redis as unknown as FloorCommands;
  const bot = new Bot(deps.fake.token, { botInfo: deps.fake.botInfo, client: { apiRoot: deps.fake.apiRoot } });
  bot.use(sequentialize((ctx) => String(ctx.chatId ?? '')));
  bot.on('message', async (ctx) => {
    const inbound = classifyUpdate(ctx.update, { now: Date.now() });
    if (inbound.kind !== 'user') return;
    const msg = inbound.message;
    const keys = conversationKeys(`${deps.prefix}:floor`, 'telegram', msg.userId);
    const mark = keys.dedup(msg.messageId);
    const token = randomUUID();
    let begun = await r.floorBegin(keys.lock, mark, keys.session, token, 6000);
    for (let delay = 5; begun[0] === 'locked'; delay = Math.min(delay * 2, 200)) {
      await new Promise((res) => setTimeout(res, delay));
      begun = await r.floorBegin(keys.lock, mark, keys.session, token, 6000);
    }
    if (begun[0] === 'duplicate') return;
    const parsed = begun[1] ? parseSession(begun[1]) : undefined;
    const session = parsed?.ok ? parsed.session : newSession(deps.defaultLanguage, Date.now());
    const conv = { channel: msg.channel, userId: msg.userId };
    const out = await engine(session, { type: 'message', message: msg }, msg, conv);
    await r.floorFinish(keys.session, mark, keys.lock, JSON.stringify(out.session), 86_400, token);
    const text = out.replies.map((m) => m.text).join('\n\n');
    const choices = out.replies.findLast((m) => m.choices && m.choices.length > 0)?.choices ?? [];
    const markup: InlineKeyboardMarkup | undefined = buildInlineKeyboard(choices).markup;
    if (text) await ctx.reply(text.slice(0, 4096), markup ? { reply_markup: markup } : {});
  });
  bot.catch(() => undefined);
  const handle = run(bot, { runner: { silent: true } });
  return async () => {
    await handle.stop();
  };
}
