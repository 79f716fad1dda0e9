import { describe, expect, it } from 'vitest';
import { type BatchRules, type OutboxItem, planBatch, splitText } from '../../src/handover/outbox-items.js';

const rules = (media: 'copy' | 'file' | 'inline' = 'copy', maxChars = 100): BatchRules => ({
  maxChars,
  mediaMode: () => media,
  lineOf: (item) => (item.k === 'line' ? item.text : `U:${item.media ? `[${item.media.kind}]` : ''}${item.text ?? ''}`),
});
const user = (text: string, at = 1): OutboxItem => ({ k: 'user', at, messageId: String(at), text });
const photo = (at = 1): OutboxItem => ({ k: 'user', at, messageId: String(at), media: { kind: 'photo', ref: 'f1' } });

describe('planBatch', () => {
  it('puts consecutive user messages and staff lines into one message', () => {
    const items: OutboxItem[] = [user('a'), user('b'), { k: 'line', at: 2, text: 'L' }, user('c')];
    expect(planBatch(items, rules())).toEqual({ count: 4, op: { kind: 'text', lines: ['U:a', 'U:b', 'L', 'U:c'] } });
  });

  it('stops a batch at media, topic changes and the size limit, keeping order', () => {
    expect(planBatch([user('a'), photo(), user('b')], rules())).toMatchObject({ count: 1 });
    expect(planBatch([photo(), user('b')], rules())).toMatchObject({ count: 1, op: { kind: 'media', mode: 'copy' } });
    expect(planBatch([user('a'), { k: 'close', at: 2 }], rules())).toMatchObject({ count: 1 });
    expect(planBatch([{ k: 'open', at: 1 }, user('a')], rules())).toEqual({ count: 1, op: { kind: 'open' } });
    const long = [user('x'.repeat(60)), user('y'.repeat(60))];
    expect(planBatch(long, rules('copy', 100)).count).toBe(1);
  });

  it('inlines media that cannot be copied or uploaded as a placeholder line', () => {
    expect(planBatch([user('a'), photo(), user('b')], rules('inline'))).toEqual({
      count: 3,
      op: { kind: 'text', lines: ['U:a', 'U:[photo]', 'U:b'] },
    });
  });

  it('sends a single line longer than the limit alone', () => {
    expect(planBatch([user('z'.repeat(500)), user('a')], rules('copy', 100)).count).toBe(1);
  });
});

describe('splitText', () => {
  it('splits at line breaks within the limit and loses nothing', () => {
    const text = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)].join('\n');
    const parts = splitText(text, 90);
    expect(parts.every((p) => p.length <= 90)).toBe(true);
    expect(parts.join('\n')).toBe(text);
    expect(splitText('x'.repeat(250), 100).join('')).toBe('x'.repeat(250));
  });
});
