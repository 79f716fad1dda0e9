import { describe, expect, it } from 'vitest';
import { createSendQueue } from '../../../src/channels/whatsapp/send-queue.js';
import { waitFor } from './fake-wweb.js';

describe('createSendQueue', () => {
  it('holds messages beyond the global per-minute limit', async () => {
    const delivered: string[] = [];
    const queue = createSendQueue({
      perMinute: 2,
      perChatIntervalMs: 1,
      deliver: async (chatId, text) => {
        delivered.push(`${chatId}:${text}`);
      },
    });
    void queue.send('a', ['1']);
    void queue.send('b', ['2']);
    void queue.send('c', ['3']);
    await waitFor(() => expect(delivered).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 300));
    expect(delivered).toEqual(['a:1', 'b:2']);
  });

  it('keeps order per chat and stops a batch at the first failed delivery', async () => {
    const delivered: string[] = [];
    const queue = createSendQueue({
      perMinute: 600,
      perChatIntervalMs: 1,
      deliver: async (_chatId, text) => {
        if (text === 'bad') throw new Error('not sent');
        delivered.push(text);
      },
    });
    await expect(queue.send('a', ['1', 'bad', '3'])).rejects.toThrow('not sent');
    await queue.send('a', ['4', '5']);
    expect(delivered).toEqual(['1', '4', '5']);
  });
});
