/**
 * The staff group end to end, as far as the channel goes: messages and taps from
 * `STAFF_CHAT_ID` reach the staff handler, and the Bot API calls the staff console needs
 * work against the fake server (forum topics, copies, uploads, administrators).
 */
import { randomUUID } from 'node:crypto';
import { InputFile } from 'grammy';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../../src/channels/telegram/telegram-channel.js';
import type { StaffUpdate } from '../../../src/channels/telegram/to-incoming.js';
import { createLogger } from '../../../src/logger.js';
import { closeRedis, createRedis } from '../../../src/redis.js';
import { type FakeBotApi, startFakeBotApi } from '../../helpers/fake-bot-api.js';
import { createScriptedHandler, demoConversation } from './scripted-handler.js';

const STAFF = -1001234567890;
const redis = createRedis('redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}`;
const logger = createLogger({ level: 'silent', format: 'json' });
let fake: FakeBotApi;
let channel: TelegramChannel | undefined;

afterEach(async () => {
  await channel?.stop();
  await fake?.close();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

describe('Telegram staff group', () => {
  it('routes staff messages and taps to the staff handler and leaves the dialogue alone', async () => {
    fake = await startFakeBotApi();
    const handler = createScriptedHandler(demoConversation);
    const seen: StaffUpdate[] = [];
    channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      handler,
      redis,
      redisPrefix: prefix,
      logger,
      staffChatId: String(STAFF),
    });
    channel.setStaffHandler(async (update) => {
      seen.push(update);
      if (update.choiceId === 'take') return { callbackText: 'Diambil oleh Anda' };
    });
    await channel.start();

    const topic = await channel.api.createForumTopic(STAFF, 'Melati · Taiwan · gaji');
    const card = await channel.sendToChat(
      STAFF,
      [{ text: 'Kartu ringkasan', choices: [{ id: 'take', label: 'Ambil' }] }],
      {
        threadId: topic.message_thread_id,
      },
    );
    expect(card.status).toBe('sent');
    expect(fake.sentTo(STAFF)[0]).toMatchObject({ message_thread_id: topic.message_thread_id, is_topic_message: true });

    fake.staffSends(STAFF, 7001, { text: 'Halo, saya Rina dari hotline' }, { threadId: topic.message_thread_id });
    fake.staffTaps(STAFF, 7002, card.messageIds[0] ?? 0, 'take');
    fake.staffSends(-100999, 7003, { text: 'grup lain' });
    await fake.waitForCalls('answerCallbackQuery', 1);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]).toMatchObject({
      chatId: String(STAFF),
      threadId: topic.message_thread_id,
      fromUserId: '7001',
      text: 'Halo, saya Rina dari hotline',
    });
    expect(seen[1]).toMatchObject({ choiceId: 'take', fromUserId: '7002', messageId: card.messageIds[0] });
    expect(fake.callsTo('answerCallbackQuery')[0]?.payload).toMatchObject({ text: 'Diambil oleh Anda' });
    expect(handler.calls).toBe(0);
  });

  it('serves the calls the staff console needs', async () => {
    fake = await startFakeBotApi();
    fake.setAdministrators(STAFF, [7001]);
    channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      botInfo: fake.botInfo,
      handler: createScriptedHandler(() => []),
      redis,
      redisPrefix: prefix,
      logger,
    });
    const api = channel.api;
    const admins = await api.getChatAdministrators(STAFF);
    expect(admins.map((a) => a.user.id)).toEqual([7001, fake.botInfo.id]);
    const topic = await api.createForumTopic(STAFF, 'Kasus 1');
    await api.editForumTopic(STAFF, topic.message_thread_id, { name: 'Kasus 1 · selesai' });
    await api.closeForumTopic(STAFF, topic.message_thread_id);
    expect(fake.topics(STAFF)).toEqual([
      { threadId: topic.message_thread_id, name: 'Kasus 1 · selesai', closed: true },
    ]);
    await api.reopenForumTopic(STAFF, topic.message_thread_id);
    expect(fake.topics(STAFF)[0]?.closed).toBe(false);

    const copy = await api.copyMessage(STAFF, 42, 9, { message_thread_id: topic.message_thread_id });
    expect(copy.message_id).toBeGreaterThan(0);
    await api.sendDocument(STAFF, new InputFile(Buffer.from('bukti'), 'bukti.pdf'), {
      caption: 'Lampiran',
      message_thread_id: topic.message_thread_id,
    });
    const upload = fake.callsTo('sendDocument')[0];
    expect(upload?.files).toEqual([{ field: expect.any(String), fileName: 'bukti.pdf', size: 5 }]);
    expect(upload?.payload).toMatchObject({ caption: 'Lampiran', message_thread_id: String(topic.message_thread_id) });

    fake.failNext('sendMessage', { errorCode: 429, retryAfter: 0 }, { times: 2 });
    const sent = await channel.sendToChat(STAFF, [{ text: 'setelah 429' }]);
    expect(sent.status).toBe('sent');
    expect(fake.callsTo('sendMessage').map((c) => c.errorCode ?? 200)).toEqual([429, 429, 200]);
  });
});
