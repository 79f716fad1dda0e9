import { describe, expect, it } from 'vitest';
import { toIncoming } from '../../../src/channels/whatsapp-cloud/to-incoming.js';
import { LIMITS, templateBody, toCloudBodies } from '../../../src/channels/whatsapp-cloud/to-outgoing.js';
import { signBody, verifySignature } from '../../../src/channels/whatsapp-cloud/webhook-signature.js';

const choices = (labels: string[]) => labels.map((label, i) => ({ id: `c${i + 1}`, label }));
const chars = (s: string) => [...s].length;

describe('Cloud API message bodies', () => {
  it('plain text within 4096 characters per message, split at paragraph ends', () => {
    const long = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`;
    const bodies = toCloudBodies([{ text: long }]);
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.type === 'text' && b.text.body.length <= LIMITS.text)).toBe(true);
    expect(bodies[0]).toEqual({ type: 'text', text: { body: 'a'.repeat(3000), preview_url: false } });
  });

  it('reply buttons need every label within 20 characters; a longer one makes a list', () => {
    const [buttons] = toCloudBodies([{ text: 'Ya?', choices: choices(['Ya', 'Tidak']) }]);
    expect(buttons).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
    const [list] = toCloudBodies([{ text: 'Ya?', choices: choices(['Ya', 'Tidak, saya mau tanya dulu']) }]);
    expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
  });

  it('list rows shorten titles over 24 characters and keep the whole label as the description', () => {
    const label = 'Cek izin agensi penempatan (P3MI)';
    const [body] = toCloudBodies([{ text: 'Pilih', choices: choices(['A', 'B', 'C', label]) }]);
    const rows = (
      body as { interactive: { action: { sections: { rows: { title: string; description?: string }[] }[] } } }
    ).interactive.action.sections[0]?.rows;
    expect(rows?.[3]?.description).toBe(label);
    expect(chars(rows?.[3]?.title ?? '')).toBeLessThanOrEqual(LIMITS.rowTitle);
    expect(rows?.[3]?.title.endsWith('…')).toBe(true);
  });

  it('numbered text beyond ten choices or for labels longer than a row description', () => {
    const [many] = toCloudBodies([{ text: 'Pilih', choices: choices(Array.from({ length: 11 }, (_, i) => `N${i}`)) }]);
    expect(many).toMatchObject({ type: 'text' });
    const [wordy] = toCloudBodies([{ text: 'Pilih', choices: choices(['x'.repeat(80)]) }]);
    expect(wordy).toMatchObject({ type: 'text', text: { body: `Pilih\n\n1. ${'x'.repeat(80)}` } });
  });

  it('a body over 1024 characters goes first as text; the interactive message carries the last part', () => {
    const text = `${'kalimat panjang. '.repeat(80)}Pilih satu:`;
    const bodies = toCloudBodies([{ text, choices: choices(['Ya', 'Tidak']) }]);
    expect(bodies.length).toBeGreaterThan(1);
    const last = bodies.at(-1) as { type: string; interactive: { body: { text: string } } };
    expect(last.type).toBe('interactive');
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(LIMITS.interactiveBody);
    expect(last.interactive.body.text.endsWith('Pilih satu:')).toBe(true);
  });

  it('counts an emoji as one character against the limits', () => {
    const [body] = toCloudBodies([{ text: 'x', choices: choices(['🇮🇩'.repeat(5), 'ok']) }]);
    expect(body).toMatchObject({ interactive: { type: 'button' } });
  });

  it('a template carries the text as one variable without line breaks or tabs', () => {
    const body = templateBody('pesan_petugas', 'id', [{ text: 'a\nb\tc' }, { text: 'd' }]);
    expect(body).toEqual({
      type: 'template',
      template: {
        name: 'pesan_petugas',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'a · b · c — d' }] }],
      },
    });
  });
});

describe('Cloud API messages in', () => {
  it('reads a template quick-reply button as text and ignores unsupported types', () => {
    expect(
      toIncoming({ from: '62', id: 'w1', type: 'button', button: { payload: 'p', text: 'Lanjut' } }, 1),
    ).toMatchObject({
      ok: true,
      message: { channel: 'whatsapp-cloud', text: 'Lanjut' },
    });
    expect(toIncoming({ from: '62', id: 'w2', type: 'reaction', reaction: { emoji: '👍' } }, 1)).toEqual({
      ok: false,
      reason: 'unsupported',
      type: 'reaction',
    });
    expect(toIncoming({ id: 'w3', type: 'text' }, 1)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('drops a choice id longer than ours (not from the bot)', () => {
    const r = toIncoming(
      {
        from: '62',
        id: 'w4',
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'x'.repeat(100), title: 'T' } },
      },
      1,
    );
    expect(r).toMatchObject({ ok: true, message: { text: 'T' } });
    expect(r.ok && r.message.choiceId).toBeFalsy();
  });
});

describe('webhook signatures', () => {
  it('accepts the HMAC of the exact bytes and nothing else', () => {
    const body = Buffer.from('{"a":"\\u00e9"}');
    const sig = signBody(body, 'secret-0123456789');
    expect(verifySignature(body, sig, 'secret-0123456789')).toBe(true);
    expect(verifySignature(body, sig.toUpperCase().replace('SHA256=', 'sha256='), 'secret-0123456789')).toBe(true);
    expect(verifySignature(Buffer.from('{"a":"é"}'), sig, 'secret-0123456789')).toBe(false);
    expect(verifySignature(body, sig, 'other-secret-0123')).toBe(false);
    expect(verifySignature(body, undefined, 'secret-0123456789')).toBe(false);
    expect(verifySignature(body, [sig, sig], 'secret-0123456789')).toBe(false);
    expect(verifySignature(body, sig.replace('sha256=', 'sha1='), 'secret-0123456789')).toBe(false);
  });
});
