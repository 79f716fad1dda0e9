/**
 * The adapter driven as grammY's own tests do: `botInfo` (no getMe), every API call caught
 * by a transformer (`api.config.use`), updates fed with `processUpdate`.
 */
import { randomUUID } from 'node:crypto';
import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannelDeps } from '../../../src/channels/telegram/telegram-channel.js';
import type { MessageHandler } from '../../../src/core/messages.js';
import { createLogger } from '../../../src/logger.js';
import { closeRedis, createRedis } from '../../../src/redis.js';
import { FAKE_TOKEN } from '../../helpers/fake-bot-api.js';
import { createScriptedHandler, demoConversation } from './scripted-handler.js';

const redis = createRedis('redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}`;
const STAFF = '-1001234567890';
const botInfo = {
  id: 123456789,
  is_bot: true,
  first_name: 'Bot',
  username: 'sahabat_pmi_test_bot',
} as TelegramChannelDeps['botInfo'];

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

interface Call {
  method: string;
  payload: Record<string, unknown>;
}

let calls: Call[];
let logLines: string[];
let nextUpdate: number;
beforeEach(() => {
  calls = [];
  logLines = [];
  nextUpdate = 1;
});

type Answer = (call: Call) => { ok: false; error_code: number; description: string } | undefined;

function channelWith(
  handler: MessageHandler,
  answer: Answer = () => undefined,
  extra: Partial<TelegramChannelDeps> = {},
) {
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } });
  const channel = createTelegramChannel({
    token: FAKE_TOKEN,
    handler,
    redis,
    redisPrefix: prefix,
    logger,
    botInfo,
    staffChatId: STAFF,
    options: { typingAfterMs: 100 },
    ...extra,
  });
  const recorder: Transformer = async (_prev, method, payload) => {
    const call = { method, payload: payload as Record<string, unknown> };
    calls.push(call);
    const failure = answer(call);
    if (failure) return failure;
    const result =
      method === 'sendMessage' ? { message_id: calls.length, date: 1, chat: { id: call.payload.chat_id } } : true;
    return { ok: true, result } as never;
  };
  channel.api.config.use(recorder);
  return channel;
}

function text(chatId: number, body: string, messageId = nextUpdate): Update {
  const chat = { id: chatId, type: chatId < 0 ? 'supergroup' : 'private', first_name: 'U' };
  return {
    update_id: nextUpdate++,
    message: {
      message_id: messageId,
      date: 1,
      chat,
      from: { id: Math.abs(chatId), is_bot: false, first_name: 'U' },
      text: body,
    },
  } as unknown as Update;
}

const sent = () => calls.filter((c) => c.method === 'sendMessage');

describe('createTelegramChannel (transformer API)', () => {
  it('hands a private message to the handler and sends the replies as plain text in order', async () => {
    const handler = createScriptedHandler(demoConversation);
    const channel = channelWith(handler);
    await channel.processUpdate(text(42, '/start bp2mi'));
    expect(handler.received[0]).toMatchObject({ channel: 'telegram', userId: '42', text: '/start bp2mi' });
    // The greeting and the question with its buttons travel as one message.
    expect(sent().map((c) => c.payload.text)).toEqual(['Halo! Saya Sahabat PMI.\n\nMau apa?']);
    expect(sent()[0]?.payload.parse_mode).toBeUndefined();
    expect(sent()[0]?.payload.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Tanya', callback_data: 'ask' },
          { text: 'Lapor', callback_data: 'report' },
        ],
      ],
    });
  });

  it('answers a button tap before the slow handler finishes and removes the tapped keyboard', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const handler = createScriptedHandler(async () => {
      await gate;
      return [{ text: 'ok' }];
    });
    const channel = channelWith(handler);
    const keyboard = { inline_keyboard: [[{ text: 'Lapor', callback_data: 'report' }]] };
    const tap = {
      update_id: nextUpdate++,
      callback_query: {
        id: 'q-1',
        from: { id: 42, is_bot: false, first_name: 'U' },
        chat_instance: 'c',
        data: 'report',
        message: {
          message_id: 5,
          date: 1,
          chat: { id: 42, type: 'private' },
          text: 'Mau apa?',
          reply_markup: keyboard,
        },
      },
    } as unknown as Update;
    const done = channel.processUpdate(tap);
    await expect.poll(() => calls.map((c) => c.method)).toContain('answerCallbackQuery');
    expect(sent()).toHaveLength(0);
    release();
    await done;
    expect(calls.find((c) => c.method === 'answerCallbackQuery')?.payload).toEqual({ callback_query_id: 'q-1' });
    expect(calls.find((c) => c.method === 'editMessageReplyMarkup')?.payload).toMatchObject({
      chat_id: 42,
      message_id: 5,
    });
    expect(handler.received[0]).toMatchObject({ choiceId: 'report', text: 'Lapor', messageId: 'cbq-1' });
  });

  it('handles a repeated update id once', async () => {
    const handler = createScriptedHandler(() => [{ text: 'sekali' }]);
    const channel = channelWith(handler);
    const update = text(42, 'halo');
    await Promise.all([channel.processUpdate(update), channel.processUpdate(update)]);
    await channel.processUpdate(update);
    expect(handler.calls).toBe(1);
    expect(sent()).toHaveLength(1);
  });

  it('keeps the order within a chat while other chats run in parallel', async () => {
    const order: string[] = [];
    const handler = createScriptedHandler(async (m) => {
      if (m.text === 'slow') await new Promise((r) => setTimeout(r, 150));
      order.push(`${m.userId}:${m.text}`);
      return [{ text: `re ${m.text}` }];
    });
    const channel = channelWith(handler);
    await Promise.all([
      channel.processUpdate(text(1, 'slow')),
      channel.processUpdate(text(1, 'fast')),
      channel.processUpdate(text(2, 'other')),
    ]);
    expect(order).toEqual(['2:other', '1:slow', '1:fast']);
    expect(
      sent()
        .filter((c) => c.payload.chat_id === 1)
        .map((c) => c.payload.text),
    ).toEqual(['re slow', 're fast']);
  });

  it('shows "typing" only when a reply takes a while', async () => {
    const handler = createScriptedHandler(async (m) => {
      if (m.text === 'slow') await new Promise((r) => setTimeout(r, 250));
      return [{ text: 'ok' }];
    });
    const channel = channelWith(handler);
    await channel.processUpdate(text(42, 'fast'));
    expect(calls.some((c) => c.method === 'sendChatAction')).toBe(false);
    await channel.processUpdate(text(42, 'slow'));
    expect(calls.find((c) => c.method === 'sendChatAction')?.payload).toEqual({ chat_id: 42, action: 'typing' });
  });

  it('marks a user who blocked the bot inactive and stops sending (writing again clears it: test/compose-bot.test.ts)', async () => {
    // A question with buttons, then a text: two messages, so "stops sending" is visible.
    const handler = createScriptedHandler(() => [
      { text: 'satu', choices: [{ id: 'a', label: 'A' }] },
      { text: 'dua' },
    ]);
    let blocked = true;
    const channel = channelWith(handler, (call) =>
      call.method === 'sendMessage' && blocked
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    await channel.processUpdate(text(77, 'halo'));
    expect(sent()).toHaveLength(1);
    const mark = `${prefix}:conv:{telegram:77}:unreachable`;
    expect(await redis.exists(mark)).toBe(1);
    await channel.send('77', [{ text: 'kabar' }]);
    expect(sent()).toHaveLength(1);
    blocked = false;
    // The dialogue's turn deletes the mark when the user writes (this handler is scripted).
    await redis.del(mark);
    await channel.processUpdate(text(77, 'saya kembali'));
    expect(sent()).toHaveLength(3);
  });

  it('logs another API error once, with method, code and hashed user, without the text', async () => {
    const handler = createScriptedHandler(() => [{ text: 'rahasia pribadi' }]);
    const channel = channelWith(handler, (call) =>
      call.method === 'sendMessage'
        ? { ok: false, error_code: 400, description: 'Bad Request: chat not found' }
        : undefined,
    );
    await channel.processUpdate(text(42, 'halo'));
    const errors = logLines.filter((l) => l.includes('"level":50'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"method":"sendMessage"');
    expect(errors[0]).toContain('"errorCode":400');
    expect(errors[0]).toMatch(/"user":"[\w-]{12}"/);
    expect(logLines.join('\n')).not.toContain('rahasia');
    await expect(channel.send('42', [{ text: 'lagi' }])).rejects.toThrow(/send failed \(400\)/);
  });

  it('survives a handler that throws and goes on with the next message', async () => {
    const handler = createScriptedHandler((m) => {
      if (m.text === 'boom') throw new Error('engine bug');
      return [{ text: 'ok' }];
    });
    const channel = channelWith(handler);
    await channel.processUpdate(text(42, 'boom'));
    await channel.processUpdate(text(42, 'lagi'));
    expect(sent().map((c) => c.payload.text)).toEqual(['ok']);
    expect(logLines.some((l) => l.includes('message handler failed'))).toBe(true);
  });

  it('ignores other groups and routes the staff group to the staff handler', async () => {
    const handler = createScriptedHandler(() => [{ text: 'x' }]);
    const staff: unknown[] = [];
    const channel = channelWith(handler, () => undefined, {
      staffHandler: async (update) => {
        staff.push(update);
        return update.choiceId ? { callbackText: 'Diambil' } : undefined;
      },
    });
    await channel.processUpdate(text(-100555, 'hai grup'));
    await channel.processUpdate(text(Number(STAFF), '/take'));
    const tap = {
      update_id: nextUpdate++,
      callback_query: {
        id: 'sq',
        from: { id: 9, is_bot: false, first_name: 'Rina' },
        chat_instance: 'c',
        data: 'take:1',
        message: { message_id: 3, date: 1, chat: { id: Number(STAFF), type: 'supergroup' } },
      },
    } as unknown as Update;
    await channel.processUpdate(tap);
    expect(handler.received).toHaveLength(0);
    expect(staff).toMatchObject([
      { chatId: STAFF, text: '/take' },
      { choiceId: 'take:1', fromName: 'Rina' },
    ]);
    expect(calls.find((c) => c.method === 'answerCallbackQuery')?.payload).toEqual({
      callback_query_id: 'sq',
      text: 'Diambil',
    });
  });

  it('reports health', () => {
    const channel = channelWith(createScriptedHandler(() => []));
    expect(channel.health()).toEqual({ channel: 'telegram', state: 'stopped', detail: 'not started' });
    expect(channel.mode).toBe('polling');
  });
});
