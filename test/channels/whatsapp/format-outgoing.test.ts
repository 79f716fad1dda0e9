import { describe, expect, it } from 'vitest';
import { formatOutgoing, renderMessage, splitText } from '../../../src/channels/whatsapp/format-outgoing.js';

describe('renderMessage', () => {
  it('appends choices as numbered lines after a blank line', () => {
    expect(
      renderMessage({
        text: 'Mau cek apa?',
        choices: [
          { id: 'agency', label: 'Cek PT' },
          { id: 'complaint', label: 'Lapor masalah' },
        ],
      }),
    ).toBe('Mau cek apa?\n\n1. Cek PT\n2. Lapor masalah');
  });

  it('leaves text without choices as it is', () => {
    expect(renderMessage({ text: 'Terima kasih.' })).toBe('Terima kasih.');
    expect(renderMessage({ text: 'Terima kasih.', choices: [] })).toBe('Terima kasih.');
  });
});

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('Halo.', 100)).toEqual(['Halo.']);
  });

  it('prefers paragraph breaks, then sentence ends', () => {
    const para = `${'a'.repeat(60)}\n\n${'b'.repeat(60)}`;
    expect(splitText(para, 100)).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
    const sentences = 'Satu dua tiga empat. Lima enam tujuh delapan. Sembilan sepuluh sebelas.';
    expect(splitText(sentences, 50)).toEqual([
      'Satu dua tiga empat. Lima enam tujuh delapan.',
      'Sembilan sepuluh sebelas.',
    ]);
  });

  it('falls back to spaces, then a hard cut that never halves an emoji', () => {
    expect(splitText('kata '.repeat(30).trim(), 40).every((p) => p.length <= 40 && !p.startsWith(' '))).toBe(true);
    const emoji = `${'x'.repeat(9)}😀${'y'.repeat(5)}`;
    const parts = splitText(emoji, 10);
    expect(parts.join('')).toBe(emoji);
    expect(parts[0]).toBe('x'.repeat(9));
  });

  it('keeps every part within the limit and loses no words on a long text', () => {
    const text = Array.from({ length: 900 }, (_, i) => `Kalimat nomor ${i} tentang hak pekerja.`).join(' ');
    const parts = splitText(text, 4000);
    expect(parts.length).toBeGreaterThan(8);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4000);
    for (const p of parts.slice(0, -1)) expect(p.endsWith('pekerja.')).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
});

describe('formatOutgoing', () => {
  it('renders every message in order and drops empty ones', () => {
    expect(formatOutgoing([{ text: 'A' }, { text: '  ' }, { text: 'B', choices: [{ id: 'x', label: 'X' }] }])).toEqual([
      'A',
      'B\n\n1. X',
    ]);
  });
});
