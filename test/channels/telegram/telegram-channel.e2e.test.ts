/**
 * End to end: the real grammY client and runner against the fake Bot API on loopback.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createTelegramChannel,
  type TelegramChannel,
  type TelegramChannelDeps,
} from '../../../src/channels/telegram/telegram-channel.js';
import type { MessageHandler } from '../../../src/core/messages.js';
import { createHttpServer, type HttpServer } from '../../../src/http/http-server.js';
import { createLogger } from '../../../src/logger.js';
import { closeRedis, createRedis } from '../../../src/redis.js';
import { type FakeBotApi, startFakeBotApi } from '../../helpers/fake-bot-api.js';
import { createScriptedHandler, demoConversation } from './scripted-handler.js';

const redis = createRedis('redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}`;
const logger = createLogger({ level: 'silent', format: 'json' });
const SECRET = 'webhook-secret-0123456789';

let fake: FakeBotApi;
let channel: TelegramChannel | undefined;
let http: HttpServer | undefined;

afterEach(async () => {
  await channel?.stop();
  await http?.close();
  await fake?.close();
  channel = undefined;
  http = undefined;
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

async function startPolling(handler: MessageHandler, extra: Partial<TelegramChannelDeps> = {}) {
  fake = await startFakeBotApi();
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    handler,
    redis,
    redisPrefix: prefix,
    logger,
    ...extra,
  });
  await channel.start();
  return channel;
}

const texts = (chatId: number) => fake.sentTo(chatId).map((m) => m.text);

describe('Telegram channel by long polling', () => {
  it('holds a whole conversation: start, tap, typed answer, media, then stops storing the offset', async () => {
    const handler = createScriptedHandler(demoConversation);
    const tg = await startPolling(handler);
    expect(tg.health().state).toBe('ready');
    expect(fake.callsTo('getMe')).toHaveLength(1);

    fake.userSends(42, { text: '/start ref_x' });
    await fake.waitForCalls('sendMessage', 1);
    // The greeting and the question with its buttons travel as one message.
    expect(texts(42)).toEqual(['Halo! Saya Sahabat PMI.\n\nMau apa?']);
    const question = fake.sentTo(42)[0];
    expect(question?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['Tanya', 'Lapor']);

    fake.userTaps(42, question?.message_id ?? 0, 'report');
    await fake.waitForCalls('sendMessage', 2);
    expect(fake.callsTo('answerCallbackQuery')).toHaveLength(1);
    expect(handler.received[1]).toMatchObject({ choiceId: 'report', text: 'Lapor' });
    // The tapped keyboard is gone, so the old question cannot be answered twice.
    await fake.waitForCalls('editMessageReplyMarkup', 1);
    expect(fake.sentTo(42)[0]?.reply_markup).toBeUndefined();

    fake.userSends(42, { text: 'Lapor' });
    await fake.waitForCalls('sendMessage', 3);
    expect(texts(42).at(-1)).toBe('Ceritakan masalahnya.');

    const evidence = Buffer.from('%PDF-1.4 slip gaji');
    fake.addFile('doc-1', { data: evidence });
    fake.userSends(42, {
      document: {
        file_id: 'doc-1',
        file_unique_id: 'u1',
        file_name: 'slip.pdf',
        mime_type: 'application/pdf',
        file_size: evidence.length,
      },
    });
    await fake.waitForCalls('sendMessage', 4);
    const media = handler.received.at(-1)?.media;
    expect(media).toEqual({
      kind: 'document',
      ref: 'doc-1',
      mimeType: 'application/pdf',
      fileName: 'slip.pdf',
      size: evidence.length,
    });
    const downloaded = await tg.downloadMedia(media!);
    expect(downloaded).toEqual({ data: evidence, mimeType: 'application/pdf', fileName: 'slip.pdf' });

    const lastUpdate = fake.userSends(42, { text: 'terima kasih' });
    await fake.waitForCalls('sendMessage', 5);
    await tg.stop();
    expect(tg.health().state).toBe('stopped');
    expect(fake.confirmedOffset).toBe(lastUpdate.update_id + 1);
  });

  it('handles an update delivered twice once', async () => {
    const handler = createScriptedHandler(demoConversation);
    await startPolling(handler);
    const update = fake.userSends(42, { text: 'halo' });
    fake.pushUpdate(update);
    fake.userSends(42, { text: 'sesudahnya' });
    await fake.waitForCalls('sendMessage', 2);
    expect(texts(42)).toEqual(['Kamu menulis: halo', 'Kamu menulis: sesudahnya']);
    expect(handler.calls).toBe(2);
  });

  it('waits for retry_after on 429 and retries a dropped connection', async () => {
    await startPolling(createScriptedHandler(demoConversation));
    fake.failNext('sendMessage', { errorCode: 429, retryAfter: 1 });
    fake.userSends(42, { text: 'satu' });
    const calls = await fake.waitForCalls('sendMessage', 2, 5000);
    expect(calls[0]?.errorCode).toBe(429);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(texts(42)).toEqual(['Kamu menulis: satu']);

    fake.failNext('sendMessage', { network: true });
    fake.userSends(42, { text: 'dua' });
    await fake.waitForCalls('sendMessage', 4, 5000);
    expect(texts(42)).toEqual(['Kamu menulis: satu', 'Kamu menulis: dua']);
  });

  it('marks a user who blocked the bot inactive, by a 403 or by the membership update', async () => {
    const tg = await startPolling(createScriptedHandler(demoConversation));
    const key = (id: number) => `${prefix}:conv:{telegram:${id}}:unreachable`;
    fake.failNext('sendMessage', { errorCode: 403 }, { match: (p) => p.chat_id === 501 });
    fake.userSends(501, { text: 'halo' });
    await fake.waitForCalls('sendMessage', 1);
    await expect.poll(() => redis.exists(key(501))).toBe(1);
    await tg.send('501', [{ text: 'pengumuman' }]);
    expect(fake.callsTo('sendMessage')).toHaveLength(1);

    fake.userBlocks(502);
    await expect.poll(() => redis.exists(key(502))).toBe(1);
    fake.userUnblocks(502);
    await expect.poll(() => redis.exists(key(502))).toBe(0);
  });

  it('splits a long reply into parts within 4096 characters', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `Kalimat ke-${i} tentang hak pekerja migran.`).join(' ');
    await startPolling(createScriptedHandler(() => [{ text: long }]));
    fake.userSends(42, { text: 'info' });
    await fake.waitForCalls('sendMessage', 4);
    const parts = texts(42) as string[];
    expect(parts).toHaveLength(4);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join(' ')).toBe(long);
  });

  it('refuses downloads over the Bot API limit and unknown files, as values', async () => {
    const tg = await startPolling(createScriptedHandler(() => []));
    fake.addFile('big', { data: Buffer.from('x'), size: 25 * 1024 * 1024 });
    expect(await tg.downloadMedia({ kind: 'video', ref: 'big' })).toEqual({ error: 'too_large' });
    expect(await tg.downloadMedia({ kind: 'photo', ref: 'p', size: 21 * 1024 * 1024 })).toEqual({ error: 'too_large' });
    expect(await tg.downloadMedia({ kind: 'photo', ref: 'missing' })).toEqual({ error: 'not_found' });
  });

  it('finishes an update in flight before stop() resolves', async () => {
    let started = false;
    await startPolling(
      createScriptedHandler(async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 300));
        return [{ text: 'selesai' }];
      }),
    );
    const update = fake.userSends(42, { text: 'lambat' });
    await expect.poll(() => started).toBe(true);
    await channel?.stop();
    expect(texts(42)).toEqual(['selesai']);
    expect(fake.confirmedOffset).toBe(update.update_id + 1);
  });
});

describe('Telegram channel by webhook', () => {
  it('sets the webhook, refuses a wrong secret, and answers a whole exchange', async () => {
    fake = await startFakeBotApi();
    http = createHttpServer({ port: 0, host: '127.0.0.1', logger });
    const handler = createScriptedHandler(demoConversation);
    channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      handler,
      redis,
      redisPrefix: prefix,
      logger,
      webhook: { url: 'https://bot.example.org/telegram/hook', secret: SECRET, server: http },
    });
    const port = await http.listen();
    await channel.start();
    expect(channel.mode).toBe('webhook');
    expect(fake.webhook).toEqual({ url: 'https://bot.example.org/telegram/hook', secretToken: SECRET });
    expect(fake.callsTo('getUpdates')).toHaveLength(0);

    const hook = `http://127.0.0.1:${port}/telegram/hook`;
    const start = fake.userSends(42, { text: '/start' });
    expect(await fake.deliverWebhook(hook, start, 'wrong-secret-0123456789')).toBe(401);
    expect(await fake.deliverWebhook(hook, start)).toBe(401);
    expect(handler.calls).toBe(0);

    expect(await fake.deliverWebhook(hook, start, SECRET)).toBe(200);
    expect(texts(42)).toEqual(['Halo! Saya Sahabat PMI.\n\nMau apa?']);
    expect(await fake.deliverWebhook(hook, start, SECRET)).toBe(200);
    expect(handler.calls).toBe(1);

    const tap = fake.userTaps(42, fake.sentTo(42)[0]?.message_id ?? 0, 'report');
    expect(await fake.deliverWebhook(hook, tap, SECRET)).toBe(200);
    expect(texts(42).at(-1)).toBe('Ceritakan masalahnya.');
    expect(fake.callsTo('answerCallbackQuery')).toHaveLength(1);

    const bad = await fetch(hook, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      body: '{"x":',
    });
    expect(bad.status).toBe(400);

    await channel.stop();
    expect(await fake.deliverWebhook(hook, fake.userSends(42, { text: 'lagi' }), SECRET)).toBe(503);
  });

  it('acknowledges a slow update before handling ends', async () => {
    fake = await startFakeBotApi();
    http = createHttpServer({ port: 0, host: '127.0.0.1', logger });
    channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      handler: createScriptedHandler(async () => {
        await new Promise((r) => setTimeout(r, 600));
        return [{ text: 'akhirnya' }];
      }),
      redis,
      redisPrefix: prefix,
      logger,
      botInfo: fake.botInfo,
      webhook: { url: 'https://bot.example.org/hook', secret: SECRET, server: http },
      options: { webhookAckTimeoutMs: 100 },
    });
    const port = await http.listen();
    await channel.start();
    const began = Date.now();
    expect(await fake.deliverWebhook(`http://127.0.0.1:${port}/hook`, fake.userSends(42, { text: 'x' }), SECRET)).toBe(
      200,
    );
    expect(Date.now() - began).toBeLessThan(500);
    expect(texts(42)).toEqual([]);
    await fake.waitForCalls('sendMessage', 1);
    expect(texts(42)).toEqual(['akhirnya']);
  });
});
