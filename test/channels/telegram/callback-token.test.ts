/** Buttons carry the token of their question and taps bring it back; edits say when the original was written. */
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { classifyUpdate } from '../../../src/channels/telegram/to-incoming.js';
import { buildInlineKeyboard, CALLBACK_DATA_LIMIT } from '../../../src/channels/telegram/to-outgoing.js';

const opts = { now: 1000 };
const user = { id: 42, is_bot: false, first_name: 'Sri' };
const chat = { id: 42, type: 'private' as const, first_name: 'Sri' };

describe('question tokens on Telegram', () => {
  it('round-trips the token through the callback data', () => {
    const { markup } = buildInlineKeyboard(
      [
        { id: 'yes', label: 'Ya' },
        { id: 'no', label: 'Tidak' },
      ],
      '3.abc',
    );
    const data = markup?.inline_keyboard[0]?.[0];
    expect(data && 'callback_data' in data ? data.callback_data : undefined).toBe('3.abc~yes');
    const update = {
      update_id: 1,
      callback_query: {
        id: 'q1',
        from: user,
        chat_instance: 'c',
        data: '3.abc~yes',
        message: { message_id: 9, date: 5, chat, text: 'Lanjutkan?', reply_markup: markup },
      },
    } as unknown as Update;
    const r = classifyUpdate(update, opts);
    expect(r.kind === 'user' && r.message).toMatchObject({ choiceId: 'yes', choiceToken: '3.abc', text: 'Ya' });
  });

  it('a button without a token is reported with an empty one (refused by the engine)', () => {
    const update = {
      update_id: 2,
      callback_query: {
        id: 'q2',
        from: user,
        chat_instance: 'c',
        data: 'yes',
        message: { message_id: 9, date: 0, chat },
      },
    } as unknown as Update;
    const r = classifyUpdate(update, opts);
    expect(r.kind === 'user' && r.message).toMatchObject({ choiceId: 'yes', choiceToken: '' });
  });

  it('a long id keeps the short token within the 64-byte limit', () => {
    const id = `lic:${'x'.repeat(57)}`;
    const { markup, problems } = buildInlineKeyboard([{ id, label: 'X' }], '3.abcd');
    expect(problems).toEqual([]);
    const button = markup?.inline_keyboard[0]?.[0];
    const data = button && 'callback_data' in button ? (button.callback_data as string) : '';
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(data).toBe(`3~${id}`);
  });

  it('an edited message carries when its original was written', () => {
    const update = {
      update_id: 3,
      edited_message: { message_id: 7, date: 100, edit_date: 200, chat, from: user, text: 'ya' },
    } as unknown as Update;
    const r = classifyUpdate(update, opts);
    expect(r.kind === 'user' && r.message).toMatchObject({ text: 'ya', editOf: 100_000 });
  });
});
