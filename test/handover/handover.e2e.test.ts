/**
 * End to end: the real Telegram channel (grammY against the fake Bot API, playing both the
 * worker's private chat and the staff supergroup), the real dialogue service, the handover
 * service and Redis; plus a worker on the terminal channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrammyStaffApi } from '../../src/channels/telegram/grammy-staff-api.js';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/telegram-channel.js';
import type { ChannelSender, IncomingMessage, MessageHandler } from '../../src/core/messages.js';
import { translator } from '../helpers/engine-fixtures.js';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { type Built, build, logger, type RecordingSender, recordingSender, STAFF_CHAT } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const STAFF = Number(STAFF_CHAT);
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);

let fake: FakeBotApi;
let channel: TelegramChannel;
let built: Built;
let terminal: RecordingSender;

type Maybe<T> = T | null | undefined | false;
async function waitFor<T>(what: string, probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const userTexts = (chatId: number) => fake.sentTo(chatId).map((m) => m.text ?? '');
/** The replies of one turn travel as one message: a text may be one paragraph of it. */
const userSaw = (chatId: number, text: string) => userTexts(chatId).some((x) => x.includes(text));
const topicTexts = (thread: number) =>
  fake
    .sentTo(STAFF)
    .filter((m) => m.message_thread_id === thread)
    .map((m) => m.text ?? '');
const modeOf = async (channelName: 'telegram' | 'console', userId: string) =>
  (await built.dialogue.peek({ channel: channelName, userId }))?.mode;

beforeAll(async () => {
  fake = await startFakeBotApi();
  // 777 is an administrator of the staff group but not in STAFF_USER_IDS.
  fake.setAdministrators(STAFF, [777]);
  let handler: MessageHandler | undefined;
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    botInfo: fake.botInfo,
    handler: { handle: (m: IncomingMessage) => (handler as MessageHandler).handle(m) },
    redis,
    redisPrefix: prefix,
    logger,
    staffChatId: STAFF_CHAT,
    options: { pollingTimeoutSeconds: 1, typingAfterMs: 60_000, maxRetryDelaySeconds: 5 },
  });
  terminal = recordingSender('console');
  built = build({
    redis,
    prefix,
    senders: new Map<string, ChannelSender>([
      ['telegram', channel],
      ['console', terminal],
    ]),
    staffApi: createGrammyStaffApi(channel.api, STAFF_CHAT),
    survey: true,
  });
  handler = built.handler;
  channel.setStaffHandler(built.service.staffHandler);
  await built.service.start();
  await channel.start();
});

afterAll(async () => {
  await built.service.stop();
  await channel.stop();
  await fake.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('handover to staff, end to end', () => {
  it('opens a topic with a card, relays both ways, take and close work, the bot stays silent with staff', async () => {
    fake.userSends(42, { text: 'halo' });
    await waitFor('greeting', () => userTexts(42).length > 0);
    fake.userSends(42, { text: 'saya mau bicara dengan petugas' });
    const [topic] = await waitFor('topic', () => (fake.topics(STAFF).length > 0 ? fake.topics(STAFF) : null));
    const thread = topic?.threadId as number;
    expect(topic?.name).toMatch(/^PMI-[0-9A-Z]{6} · negara \? · minta petugas$/);
    expect(topic?.name).not.toContain('42');
    const [card] = await waitFor('card', () => (topicTexts(thread).length > 0 ? topicTexts(thread) : null));
    expect(card).toContain('Telegram');
    expect(card).toContain('halo');
    expect(card).toContain('saya mau bicara dengan petugas');
    expect(userSaw(42, t('handover.queued', { minutes: 15 }))).toBe(true);
    expect(await modeOf('telegram', '42')).toBe('waiting');

    // The worker writes while waiting: relayed, and the bot says nothing of its own.
    const before = userTexts(42).length;
    fake.userSends(42, { text: 'tolong saya' });
    await waitFor('relay', () => topicTexts(thread).some((x) => x.endsWith('tolong saya')));
    fake.userSends(42, { photo: [{ file_id: 'ph1', file_unique_id: 'u1', width: 9, height: 9 }], caption: 'bukti' });
    await waitFor('photo copied', () =>
      fake
        .callsTo('copyMessage')
        .some((c) => String(c.payload.chat_id) === STAFF_CHAT && String(c.payload.from_chat_id) === '42'),
    );
    expect(userTexts(42)).toHaveLength(before);

    // Someone who is not staff is ignored.
    fake.staffSends(STAFF, 555, { text: 'hai semua' }, { threadId: thread });
    await pause(300);
    expect(userTexts(42)).toHaveLength(before);
    expect(await modeOf('telegram', '42')).toBe('waiting');

    fake.staffSends(STAFF, 900, { text: '/ambil' }, { threadId: thread });
    await waitFor('taken notice', () => userSaw(42, t('handover.taken')));
    await waitFor('taken line', () => topicTexts(thread).some((x) => x.startsWith('✋ Tester 900')));
    expect(await modeOf('telegram', '42')).toBe('human');

    fake.staffSends(STAFF, 900, { text: 'Halo, saya petugas hotline' }, { threadId: thread });
    await waitFor('staff reply', () => userSaw(42, t('handover.from_staff', { text: 'Halo, saya petugas hotline' })));

    const withStaff = userTexts(42).length;
    fake.userSends(42, { text: 'terima kasih' });
    await waitFor('relay in human', () => topicTexts(thread).some((x) => x.endsWith('terima kasih')));
    fake.staffSends(STAFF, 900, { text: '/catatan sudah hubungi KBRI' }, { threadId: thread });
    fake.staffSends(
      STAFF,
      900,
      { photo: [{ file_id: 'ph2', file_unique_id: 'u2', width: 9, height: 9 }], caption: 'lihat' },
      { threadId: thread },
    );
    await waitFor('staff photo copied', () =>
      fake.callsTo('copyMessage').some((c) => String(c.payload.chat_id) === '42'),
    );
    fake.staffSends(STAFF, 900, { text: '/kontak' }, { threadId: thread });
    // The number goes to the asking staff member's private chat; the topic only says who asked.
    await waitFor('contact', () => fake.sentTo(900).some((m) => m.text?.startsWith('🔐') && m.text.includes('42')));
    await waitFor('contact note', () => topicTexts(thread).some((x) => x.startsWith('🔐')));
    expect(topicTexts(thread).filter((x) => x.startsWith('🔐') && x.includes('42'))).toEqual([]);
    // Editing a message into the command does not run it again.
    const asked = fake.sentTo(900).length;
    const edited = fake.staffSends(STAFF, 900, { text: '/catatan cek' }, { threadId: thread });
    fake.pushUpdate({
      edited_message: { ...(edited.message as object), text: '/kontak', edit_date: 2 },
    } as unknown as Parameters<typeof fake.pushUpdate>[0]);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.sentTo(900).length).toBe(asked);
    // Nothing of the bot's own, no note: only the copied photo reached the worker.
    expect(
      userTexts(42)
        .slice(withStaff)
        .filter((x) => !x.startsWith('(copy')),
    ).toEqual([]);

    fake.staffSends(STAFF, 900, { text: '/tutup' }, { threadId: thread });
    await waitFor('closed notice', () => userSaw(42, t('handover.closed_user')));
    await waitFor('topic closed', () => fake.topics(STAFF).find((x) => x.threadId === thread)?.closed);
    expect(await modeOf('telegram', '42')).toBe('bot');
    const question = fake.sentTo(42).find((m) => m.text?.endsWith(t('handover.rate_question')));
    expect(question?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      t('handover.rate_good'),
      t('handover.rate_bad'),
    ]);
    // The button's own data: it names the question it answers.
    const good = question?.reply_markup?.inline_keyboard.flat()[0] as { callback_data?: string } | undefined;
    expect(good?.callback_data).toMatch(/~good$/);
    fake.userTaps(42, question?.message_id as number, good?.callback_data as string);
    await waitFor('rating thanks', () => userSaw(42, t('handover.rate_thanks')));

    const back = userTexts(42).length;
    fake.userSends(42, { text: 'halo' });
    await waitFor('bot answers again', () => userTexts(42).length > back);
  }, 30_000);

  it('escalates a terminal user in danger as urgent; an admin of the group may act', async () => {
    const r = await built.handler.handle({
      channel: 'console',
      userId: 'c1',
      messageId: 'c1-1',
      text: 'saya dipukul majikan',
      receivedAt: Date.now(),
    });
    const text = r.replies.map((m) => m.text).join('\n');
    expect(text).toContain(t('emergency.intro'));
    expect(text).toContain(t('contacts.kp2mi_callcenter'));
    expect(r.state?.mode).toBe('waiting');
    const topic = await waitFor('urgent topic', () => fake.topics(STAFF).find((x) => x.name.startsWith('🔴')));
    await waitFor('card', () =>
      topicTexts(topic.threadId).some((x) => x.includes('dipukul') && x.includes('Terminal')),
    );

    fake.staffSends(STAFF, 900, { text: 'Anda aman sekarang?' }, { threadId: topic.threadId });
    await waitFor('reply on the terminal', () =>
      terminal.to('c1').includes(t('handover.from_staff', { text: 'Anda aman sekarang?' })),
    );
    expect(terminal.to('c1')).toContain(t('handover.taken'));

    fake.staffSends(STAFF, 777, { text: '/close' }, { threadId: topic.threadId });
    await waitFor('closed', () => terminal.to('c1').includes(t('handover.closed_user')));
    expect(await modeOf('console', 'c1')).toBe('bot');
  }, 30_000);

  it('loses nothing and keeps the order through a 429 storm in the staff group', async () => {
    fake.userSends(43, { text: 'tolong petugas' });
    const topic = await waitFor('topic', () =>
      fake.topics(STAFF).find((x) => !x.name.startsWith('🔴') && x.threadId !== fake.topics(STAFF)[0]?.threadId),
    );
    await waitFor('card', () => topicTexts(topic.threadId).length > 0);
    fake.failNext(
      'sendMessage',
      { errorCode: 429, retryAfter: 1 },
      { times: 6, match: (p) => String(p.chat_id) === STAFF_CHAT },
    );
    const lines = Array.from({ length: 8 }, (_, i) => `pesan nomor ${i + 1}`);
    for (const line of lines) fake.userSends(43, { text: line });
    await waitFor('all relayed', () => topicTexts(topic.threadId).join('\n').includes('pesan nomor 8'), 20_000);
    const got = topicTexts(topic.threadId)
      .slice(1)
      .flatMap((x) => x.split('\n'))
      .map((l) => l.replace(/^👤 \d\d:\d\d /, ''));
    expect(got).toEqual(lines);
    expect(fake.callsTo('sendMessage').filter((c) => c.errorCode === 429).length).toBe(6);
  }, 30_000);
});
