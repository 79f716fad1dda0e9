import { describe, expect, it } from 'vitest';
import {
  buildInlineKeyboard,
  splitText,
  TELEGRAM_TEXT_LIMIT,
  toSendMessagePayloads,
} from '../../../src/channels/telegram/to-outgoing.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('toSendMessagePayloads', () => {
  it('sends plain text with no parse mode', () => {
    const { payloads, problems } = toSendMessagePayloads([{ text: 'Halo *Siti* <b>' }]);
    expect(payloads).toEqual([{ text: 'Halo *Siti* <b>' }]);
    expect(problems).toEqual([]);
  });

  it('puts choices under the last part as callback buttons carrying the choice id', () => {
    const long = `${'Kalimat panjang. '.repeat(300)}Pilih satu?`;
    const { payloads } = toSendMessagePayloads([
      {
        text: long,
        choices: [
          { id: 'yes', label: 'Ya' },
          { id: 'no', label: 'Tidak' },
        ],
      },
    ]);
    expect(payloads).toHaveLength(2);
    expect(payloads[0]?.reply_markup).toBeUndefined();
    expect(payloads[1]?.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Ya', callback_data: 'yes' },
          { text: 'Tidak', callback_data: 'no' },
        ],
      ],
    });
  });

  it('sends a text and the question with its choices after it as one message, buttons under it', () => {
    const { payloads } = toSendMessagePayloads([
      { text: 'Biaya penempatan ke Taiwan dibatasi.' },
      { text: 'Ada lagi?', choices: [{ id: 'menu', label: 'Menu' }] },
    ]);
    expect(payloads).toEqual([
      {
        text: 'Biaya penempatan ke Taiwan dibatasi.\n\nAda lagi?',
        reply_markup: { inline_keyboard: [[{ text: 'Menu', callback_data: 'menu' }]] },
      },
    ]);
  });

  it('starts a new message after a question with choices, and when the joined text would pass the limit', () => {
    const { payloads } = toSendMessagePayloads(
      [
        { text: 'Satu?', choices: [{ id: 'a', label: 'A' }] },
        { text: 'Dua.' },
        { text: 'Tiga.' },
        { text: 'x'.repeat(20) },
      ],
      30,
    );
    expect(payloads.map((p) => p.text)).toEqual(['Satu?', 'Dua.\n\nTiga.', 'x'.repeat(20)]);
    expect(payloads[0]?.reply_markup).toBeDefined();
    expect(payloads[1]?.reply_markup).toBeUndefined();
  });

  it('skips an empty message and reports it', () => {
    const { payloads, problems } = toSendMessagePayloads([{ text: '  ' }, { text: 'ok' }]);
    expect(payloads).toEqual([{ text: 'ok' }]);
    expect(problems).toEqual(['empty message text']);
  });
});

describe('buildInlineKeyboard', () => {
  it('puts every button on its own row when one label is long', () => {
    const { markup } = buildInlineKeyboard([
      { id: 'a', label: 'Cek izin perusahaan (P3MI)' },
      { id: 'b', label: 'Lapor' },
    ]);
    expect(markup?.inline_keyboard.map((row) => row.length)).toEqual([1, 1]);
  });

  it('packs short labels three to a row', () => {
    const choices = ['1', '2', '3', '4'].map((id) => ({ id, label: `Opsi ${id}` }));
    expect(buildInlineKeyboard(choices).markup?.inline_keyboard.map((row) => row.length)).toEqual([3, 1]);
  });

  it('drops choices whose id does not fit the 64-byte callback data', () => {
    const { markup, problems } = buildInlineKeyboard([
      { id: 'é'.repeat(33), label: 'Terlalu panjang' },
      { id: 'ok', label: 'Oke' },
    ]);
    expect(markup).toEqual({ inline_keyboard: [[{ text: 'Oke', callback_data: 'ok' }]] });
    expect(problems).toHaveLength(1);
  });

  it('returns no keyboard for no choices', () => {
    expect(buildInlineKeyboard([])).toEqual({ problems: [] });
  });
});

describe('splitText', () => {
  it('leaves a text within the limit alone', () => {
    expect(splitText('Satu. Dua.')).toEqual(['Satu. Dua.']);
    expect(splitText('x'.repeat(TELEGRAM_TEXT_LIMIT))).toHaveLength(1);
  });

  it('splits at sentence ends and loses no words', () => {
    const sentences = Array.from({ length: 400 }, (_, i) => `Kalimat nomor ${i} selesai di sini.`);
    const text = sentences.join(' ');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(squash(parts.join(' '))).toBe(squash(text));
  });

  it('prefers a paragraph break to a sentence end', () => {
    const text = `${'A. '.repeat(1000)}\n\n${'B. '.repeat(1000)}`;
    const parts = splitText(text);
    expect(parts[0]?.endsWith('A.')).toBe(true);
    expect(parts[1]?.startsWith('B.')).toBe(true);
  });

  it('cuts a text without spaces hard, never inside a surrogate pair', () => {
    const text = `${'x'.repeat(TELEGRAM_TEXT_LIMIT - 1)}😀${'y'.repeat(10)}`;
    const parts = splitText(text);
    expect(parts[0]).toBe('x'.repeat(TELEGRAM_TEXT_LIMIT - 1));
    expect(parts[1]).toBe(`😀${'y'.repeat(10)}`);
  });
});
