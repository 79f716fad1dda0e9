import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { classifyUpdate, normaliseCommand } from '../../../src/channels/telegram/to-incoming.js';

const NOW = 1_760_000_000_000;
const STAFF = '-1001234567890';
const user = { id: 42, is_bot: false, first_name: 'Siti' };
const privateChat = { id: 42, type: 'private', first_name: 'Siti' };
const opts = { now: NOW, staffChatId: STAFF };

function message(fields: Record<string, unknown>, chat: Record<string, unknown> = privateChat): Update {
  return { update_id: 1, message: { message_id: 7, date: 1, chat, from: user, ...fields } } as unknown as Update;
}

function userMessage(update: Update) {
  const result = classifyUpdate(update, opts);
  if (result.kind !== 'user') throw new Error(`expected a user message, got ${JSON.stringify(result)}`);
  return result.message;
}

describe('classifyUpdate: private messages', () => {
  it('converts a text message', () => {
    expect(classifyUpdate(message({ text: 'halo' }), opts)).toEqual({
      kind: 'user',
      chatId: 42,
      message: { channel: 'telegram', userId: '42', messageId: '7', text: 'halo', receivedAt: NOW },
    });
  });

  it('keeps /start with its deep-link payload and other commands as text', () => {
    expect(userMessage(message({ text: '/start ref_bp2mi' })).text).toBe('/start ref_bp2mi');
    expect(userMessage(message({ text: '/menu' })).text).toBe('/menu');
    expect(userMessage(message({ text: '/bahasa@sahabat_pmi_bot en' })).text).toBe('/bahasa en');
    expect(userMessage(message({ text: '/hapus' })).text).toBe('/hapus');
  });

  it('takes the largest photo size and the caption as text', () => {
    const photo = [
      { file_id: 'small', file_unique_id: 'a', width: 90, height: 90, file_size: 1000 },
      { file_id: 'large', file_unique_id: 'b', width: 1280, height: 960, file_size: 90_000 },
      { file_id: 'medium', file_unique_id: 'c', width: 320, height: 240, file_size: 9000 },
    ];
    const msg = userMessage(message({ photo, caption: 'ini slip gaji' }));
    expect(msg.text).toBe('ini slip gaji');
    expect(msg.media).toEqual({ kind: 'photo', ref: 'large', mimeType: 'image/jpeg', size: 90_000 });
  });

  it('converts documents, voice notes, audio and video', () => {
    const doc = {
      file_id: 'd1',
      file_unique_id: 'u',
      file_name: 'kontrak.pdf',
      mime_type: 'application/pdf',
      file_size: 5,
    };
    expect(userMessage(message({ document: doc })).media).toEqual({
      kind: 'document',
      ref: 'd1',
      mimeType: 'application/pdf',
      fileName: 'kontrak.pdf',
      size: 5,
    });
    const voice = { file_id: 'v1', file_unique_id: 'u', duration: 3, mime_type: 'audio/ogg' };
    expect(userMessage(message({ voice })).media).toEqual({ kind: 'voice', ref: 'v1', mimeType: 'audio/ogg' });
    const audio = { file_id: 'a1', file_unique_id: 'u', duration: 3, file_name: 'rekaman.mp3' };
    expect(userMessage(message({ audio })).media).toMatchObject({ kind: 'audio', ref: 'a1', fileName: 'rekaman.mp3' });
    const video = { file_id: 'vid', file_unique_id: 'u', width: 1, height: 1, duration: 1 };
    expect(userMessage(message({ video })).media).toMatchObject({ kind: 'video', ref: 'vid' });
  });

  it('converts a location', () => {
    const msg = userMessage(message({ location: { latitude: 1.35, longitude: 103.8 } }));
    expect(msg.location).toEqual({ latitude: 1.35, longitude: 103.8 });
    expect(msg.text).toBeUndefined();
  });

  it('marks stickers as sticker and an animation or a contact as other', () => {
    const sticker = {
      file_id: 's1',
      file_unique_id: 'u',
      type: 'regular',
      width: 1,
      height: 1,
      is_animated: false,
      is_video: false,
    };
    expect(userMessage(message({ sticker })).media).toMatchObject({ kind: 'sticker', ref: 's1' });
    const animation = { file_id: 'g1', file_unique_id: 'u', width: 1, height: 1, duration: 1 };
    expect(userMessage(message({ animation, document: { file_id: 'g1', file_unique_id: 'u' } })).media).toMatchObject({
      kind: 'other',
      ref: 'g1',
    });
    expect(userMessage(message({ contact: { phone_number: '+62811', first_name: 'X' } })).media).toEqual({
      kind: 'other',
      ref: 'telegram:contact',
    });
  });

  it('ignores service messages, bots, groups and channel posts', () => {
    expect(classifyUpdate(message({ pinned_message: { message_id: 1 } }), opts)).toEqual({
      kind: 'ignored',
      reason: 'service',
    });
    expect(classifyUpdate(message({ text: 'hi', from: { ...user, is_bot: true } }), opts)).toMatchObject({
      reason: 'from-bot',
    });
    const group = { id: -100999, type: 'supergroup', title: 'x' };
    expect(classifyUpdate(message({ text: 'hi' }, group), opts)).toEqual({ kind: 'ignored', reason: 'not-private' });
    const post = {
      update_id: 3,
      channel_post: { message_id: 1, date: 1, chat: { id: -1001, type: 'channel' }, text: 'x' },
    };
    expect(classifyUpdate(post as unknown as Update, opts)).toEqual({ kind: 'ignored', reason: 'unsupported' });
  });
});

describe('classifyUpdate: edits, buttons and membership', () => {
  it('treats an edited text as a new message with its own id', () => {
    const update = {
      update_id: 2,
      edited_message: { message_id: 7, date: 1, edit_date: 99, chat: privateChat, from: user, text: 'halo lagi' },
    } as unknown as Update;
    const msg = userMessage(update);
    expect(msg.messageId).toBe('7e99');
    expect(msg.text).toBe('halo lagi');
  });

  it('ignores edits without text, such as a moving live location', () => {
    const update = {
      update_id: 2,
      edited_message: {
        message_id: 7,
        date: 1,
        edit_date: 99,
        chat: privateChat,
        from: user,
        location: { latitude: 1, longitude: 2 },
      },
    } as unknown as Update;
    expect(classifyUpdate(update, opts)).toEqual({ kind: 'ignored', reason: 'unsupported' });
  });

  it('turns a button tap into the choice id with the button label as text', () => {
    const keyboard = {
      inline_keyboard: [
        [
          { text: 'Ya', callback_data: 'yes' },
          { text: 'Tidak', callback_data: 'no' },
        ],
      ],
    };
    const update = {
      update_id: 5,
      callback_query: {
        id: 'q1',
        from: user,
        chat_instance: 'c',
        data: 'no',
        message: { message_id: 9, date: 5, chat: privateChat, text: 'Lanjut?', reply_markup: keyboard },
      },
    } as unknown as Update;
    expect(classifyUpdate(update, opts)).toEqual({
      kind: 'user',
      chatId: 42,
      message: {
        channel: 'telegram',
        userId: '42',
        messageId: 'cbq1',
        choiceId: 'no',
        choiceToken: '',
        text: 'Tidak',
        receivedAt: NOW,
      },
      callback: { queryId: 'q1', messageId: 9 },
    });
  });

  it('keeps the choice id without text when the tapped message is too old to be read', () => {
    const update = {
      update_id: 5,
      callback_query: {
        id: 'q2',
        from: user,
        chat_instance: 'c',
        data: 'yes',
        message: { message_id: 9, date: 0, chat: privateChat },
      },
    } as unknown as Update;
    const msg = userMessage(update);
    expect(msg.choiceId).toBe('yes');
    expect(msg.text).toBeUndefined();
  });

  it('still reports the query id of a tap it ignores, so it can be answered', () => {
    const update = {
      update_id: 5,
      callback_query: { id: 'q3', from: user, chat_instance: 'c', inline_message_id: 'x', data: 'y' },
    };
    expect(classifyUpdate(update as unknown as Update, opts)).toEqual({
      kind: 'ignored',
      reason: 'unsupported',
      callbackQueryId: 'q3',
    });
  });

  it('reads blocking and unblocking the bot', () => {
    const member = (status: string) =>
      ({
        update_id: 6,
        my_chat_member: {
          chat: privateChat,
          from: user,
          date: 1,
          old_chat_member: { status: 'member', user },
          new_chat_member: { status, user },
        },
      }) as unknown as Update;
    expect(classifyUpdate(member('kicked'), opts)).toEqual({ kind: 'membership', chatId: 42, active: false });
    expect(classifyUpdate(member('member'), opts)).toEqual({ kind: 'membership', chatId: 42, active: true });
  });
});

describe('classifyUpdate: the staff group', () => {
  const staffChat = { id: Number(STAFF), type: 'supergroup', title: 'Hotline', is_forum: true };
  const staffer = { id: 7001, is_bot: false, first_name: 'Rina' };

  it('routes topic messages and commands to the staff console', () => {
    const update = {
      update_id: 8,
      message: {
        message_id: 55,
        date: 1,
        chat: staffChat,
        from: staffer,
        message_thread_id: 12,
        is_topic_message: true,
        reply_to_message: { message_id: 12, date: 1, chat: staffChat },
        text: '/take@sahabat_pmi_bot',
      },
    } as unknown as Update;
    expect(classifyUpdate(update, opts)).toEqual({
      kind: 'staff',
      update: {
        chatId: STAFF,
        threadId: 12,
        fromUserId: '7001',
        fromName: 'Rina',
        messageId: 55,
        text: '/take',
        receivedAt: NOW,
      },
    });
  });

  it('passes staff button taps with their data and query id', () => {
    const update = {
      update_id: 9,
      callback_query: {
        id: 'sq',
        from: staffer,
        chat_instance: 'c',
        data: 'take:abc',
        message: { message_id: 60, date: 1, chat: staffChat },
      },
    } as unknown as Update;
    expect(classifyUpdate(update, opts)).toMatchObject({
      kind: 'staff',
      callbackQueryId: 'sq',
      update: { choiceId: 'take:abc', messageId: 60, fromUserId: '7001' },
    });
  });

  it('ignores other groups when no staff chat is configured', () => {
    const update = message({ text: '/take' }, staffChat);
    expect(classifyUpdate(update, { now: NOW })).toEqual({ kind: 'ignored', reason: 'not-private' });
  });
});

describe('normaliseCommand', () => {
  it('strips the bot name only from a leading command', () => {
    expect(normaliseCommand('/menu@bot_name')).toBe('/menu');
    expect(normaliseCommand('email me at a@bcd.com')).toBe('email me at a@bcd.com');
    expect(normaliseCommand('/start@sahabat_bot payload')).toBe('/start payload');
  });
});
