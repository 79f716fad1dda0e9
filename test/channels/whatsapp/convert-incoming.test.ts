import { describe, expect, it } from 'vitest';
import { toIncomingMessage } from '../../../src/channels/whatsapp/convert-incoming.js';
import { waMessage } from './fake-wweb.js';

const NOW = 1_800_000_000_000;

describe('toIncomingMessage', () => {
  it('maps media types to kinds and keeps the caption as text', () => {
    const kinds = ['image', 'document', 'video', 'sticker', 'ptt', 'audio', 'vcard'].map((type) => {
      const r = toIncomingMessage(waMessage({ type, body: type === 'vcard' ? 'BEGIN:VCARD TEL:+62812' : 'cap' }), NOW);
      return r.ok ? [r.message.media?.kind, r.message.text] : r.reason;
    });
    expect(kinds).toEqual([
      ['photo', 'cap'],
      ['document', 'cap'],
      ['video', 'cap'],
      ['sticker', 'cap'],
      ['voice', 'cap'],
      ['audio', 'cap'],
      ['other', undefined],
    ]);
  });

  it('uses the short message id as messageId and the serialized id as the media reference', () => {
    const msg = waMessage({ type: 'image', shortId: 'ABC123' });
    const r = toIncomingMessage(msg, NOW);
    expect(r.ok && r.message.messageId).toBe('ABC123');
    expect(r.ok && r.mediaRef).toBe(msg.id._serialized);
    expect(r.ok && r.message.media?.ref).toBe(msg.id._serialized);
  });

  it('ignores what is not a private message from someone else', () => {
    const reasons = [
      waMessage({ fromMe: true, body: 'x' }),
      waMessage({ from: 'status@broadcast', body: 'x' }),
      waMessage({ from: '123@g.us', body: 'x' }),
      waMessage({ from: '123@newsletter', body: 'x' }),
      waMessage({ broadcast: true, body: 'x' }),
      waMessage({ type: 'revoked' }),
      waMessage({ type: 'chat', body: '   ' }),
      waMessage({ type: 'location', location: null }),
      waMessage({ type: 'location', location: { latitude: 'abc', longitude: 1 } }),
    ].map((m) => {
      const r = toIncomingMessage(m, NOW);
      return r.ok ? 'accepted' : r.reason;
    });
    expect(reasons).toEqual([
      'own',
      'status',
      'not-private',
      'not-private',
      'not-private',
      'unsupported-type',
      'malformed',
      'malformed',
      'malformed',
    ]);
  });

  it('accepts string coordinates as whatsapp-web.js may give them, and falls back to now without a timestamp', () => {
    const r = toIncomingMessage(
      waMessage({ type: 'location', timestamp: undefined, location: { latitude: '-6.2', longitude: '106.8' } }),
      NOW,
    );
    expect(r.ok && r.message).toMatchObject({ location: { latitude: -6.2, longitude: 106.8 }, receivedAt: NOW });
  });
});
