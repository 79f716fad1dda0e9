/** The reply that gives a PIN is the only place it appears: the relay history and the staff card mask it. */
import { afterAll, describe, expect, it } from 'vitest';
import { keptText, type MessageHandler } from '../../src/core/messages.js';
import { createRelayHistory, maskTypedPin } from '../../src/handover/relay-history.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('concealed values', () => {
  it('keptText masks every concealed value', () => {
    expect(keptText({ text: 'Kode: ADU-1\nPIN: 424242 (424242)', conceal: ['424242'] })).toBe(
      'Kode: ADU-1\nPIN: •••••• (••••••)',
    );
    expect(keptText({ text: 'PIN: 424242' })).toBe('PIN: 424242');
  });

  it('the relay history never stores a concealed PIN', async () => {
    const history = createRelayHistory({ redis, prefix });
    const handler: MessageHandler = {
      async handle() {
        return {
          replies: [{ text: 'Laporan terkirim.\nPIN: 424242', conceal: ['424242'] }],
          duplicate: false,
        } as unknown as Awaited<ReturnType<MessageHandler['handle']>>;
      },
    };
    const conv = { channel: 'console' as const, userId: 'pin-user' };
    await history.wrap(handler).handle({ ...conv, messageId: 'm1', text: 'kirim', receivedAt: Date.now() });
    const stored = await redis.lrange(`${prefix}:relay:{console:pin-user}:history`, 0, -1);
    expect(stored.join('\n')).toContain('PIN: ••••••');
    expect(stored.join('\n')).not.toContain('424242');
    const read = await history.read(conv, 10);
    expect(read.map((e) => e.text).join('\n')).not.toContain('424242');
  });

  it('the relay history masks a PIN the user types, and keeps other numbers', async () => {
    const history = createRelayHistory({ redis, prefix });
    const handler: MessageHandler = {
      async handle() {
        return { replies: [], duplicate: false } as unknown as Awaited<ReturnType<MessageHandler['handle']>>;
      },
    };
    const conv = { channel: 'console' as const, userId: 'pin-typer' };
    const wrapped = history.wrap(handler);
    await wrapped.handle({ ...conv, messageId: 't1', text: ' 424 242 ', receivedAt: Date.now() });
    await wrapped.handle({ ...conv, messageId: 't2', text: 'PIN: 135790', receivedAt: Date.now() });
    await wrapped.handle({ ...conv, messageId: 't3', text: '4500', receivedAt: Date.now() });
    const texts = (await history.read(conv, 10)).map((e) => e.text);
    expect(texts).toEqual(['••••••', '••••••', '4500']);
    // The turn scripts record the same entry (dialogue-service uses forTurns.entryOf).
    expect(
      JSON.stringify(history.forTurns.entryOf({ ...conv, messageId: 't4', text: '424242', receivedAt: 1 })),
    ).not.toContain('424242');
  });
});

describe('a PIN typed inside a sentence', () => {
  it('is masked after the word PIN and beside a ticket code; amounts and phone numbers stay', () => {
    expect(maskTypedPin('pin saya 123456 ya kak')).toBe('pin saya •••••• ya kak');
    expect(maskTypedPin('PIN-nya: 12 34 56, tolong dicek')).toBe('PIN-nya: ••••••, tolong dicek');
    expect(maskTypedPin('my pin is 654321')).toBe('my pin is ••••••');
    expect(maskTypedPin('cek ADU-7K3M2Q9R 482913 dong')).toBe('cek ADU-7K3M2Q9R •••••• dong');
    expect(maskTypedPin('gaji saya 150000 belum dibayar')).toBe('gaji saya 150000 belum dibayar');
    expect(maskTypedPin('nomor saya 081234567890')).toBe('nomor saya 081234567890');
    expect(maskTypedPin('ADU-7K3M2Q9R, gaji Rp1.500.000')).toBe('ADU-7K3M2Q9R, gaji Rp1.500.000');
  });
});
