import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWhatsAppChannel,
  type WhatsAppChannel,
  WhatsAppSendRefusedError,
} from '../../../src/channels/whatsapp/whatsapp-channel.js';
import { closeRedis, createRedis, type RedisClient } from '../../../src/redis.js';
import { captureLogger, FakeClient, mediaOf, PHONE_CHAT, waitFor, waMessage } from './fake-wweb.js';
import { createRedisEchoHandler, type EchoHandler } from './redis-echo-handler.js';

const prefix = `test:${randomUUID()}`;
let redis: RedisClient;
let dataDir: string;

beforeAll(() => {
  redis = createRedis('redis://127.0.0.1:6379');
  dataDir = mkdtempSync(join(tmpdir(), 'wa-channel-'));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Rig {
  channel: WhatsAppChannel;
  client: FakeClient;
  handler: EchoHandler;
  lines: string[];
}

const rigs: Rig[] = [];

async function startRig(options: { handler?: EchoHandler; perChatIntervalMs?: number } = {}): Promise<Rig> {
  const client = new FakeClient();
  const handler = options.handler ?? createRedisEchoHandler(redis, prefix);
  const { logger, lines } = captureLogger();
  const channel = createWhatsAppChannel({
    config: {
      WHATSAPP_DATA_DIR: dataDir,
      PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
      WHATSAPP_PAIRING_PHONE: undefined,
      WHATSAPP_RESTART_HOURS: 0,
      WHATSAPP_SEND_PER_MINUTE: 600,
    },
    handler,
    logger,
    redis,
    redisPrefix: prefix,
    createClient: () => client,
    output: { write: () => true },
    tuning: { perChatIntervalMs: options.perChatIntervalMs ?? 5, stopTimeoutMs: 2000 },
  });
  await channel.start();
  await waitFor(() => expect(channel.health().state).toBe('ready'));
  const rig = { channel, client, handler, lines };
  rigs.push(rig);
  return rig;
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.channel.stop();
});

const CHOICES = '\n\n1. Ya\n2. Tidak';

describe('WhatsApp channel: messages in and replies out', () => {
  it('answers a text with the reply and its choices as numbered lines', async () => {
    const { client, handler, lines } = await startRig();
    client.emit('message', waMessage({ body: 'halo kak', shortId: 'TEXT0001' }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({ chatId: PHONE_CHAT, text: `got text:halo kak${CHOICES}` });
    expect(handler.received[0]).toEqual({
      channel: 'whatsapp',
      userId: PHONE_CHAT,
      messageId: 'TEXT0001',
      text: 'halo kak',
      receivedAt: 1_760_000_000_000,
    });
    const logs = lines.join('');
    expect(logs).toContain('WhatsApp: handled');
    expect(logs).not.toContain('6281234567890');
    expect(logs).not.toContain('halo kak');
  });

  it('passes an image with its caption as a photo reference that can be downloaded later', async () => {
    const { client, handler, channel } = await startRig();
    const msg = waMessage({
      type: 'image',
      body: 'ini kontraknya',
      hasMedia: true,
      _data: { mimetype: 'image/jpeg', size: 5 },
      downloadMedia: mediaOf('JPEG!', 'image/jpeg'),
    });
    client.emit('message', msg);
    await waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]?.text).toBe(`got text:ini kontraknya media:photo${CHOICES}`);
    expect(handler.received[0]?.media).toEqual({
      kind: 'photo',
      ref: msg.id._serialized,
      mimeType: 'image/jpeg',
      size: 5,
    });
    const download = await channel.downloadMedia(msg.id._serialized);
    expect(download).toEqual({ data: Buffer.from('JPEG!'), mimeType: 'image/jpeg' });
  });

  it('passes a document with its file name and a voice note or audio as media without text', async () => {
    const { client, handler } = await startRig();
    client.emit(
      'message',
      waMessage({ type: 'document', hasMedia: true, _data: { mimetype: 'application/pdf', filename: 'paspor.pdf' } }),
    );
    client.emit('message', waMessage({ type: 'ptt', hasMedia: true, _data: { mimetype: 'audio/ogg; codecs=opus' } }));
    client.emit('message', waMessage({ type: 'audio', hasMedia: true }));
    await waitFor(() => expect(client.sent).toHaveLength(3));
    expect(handler.received.map((m) => [m.media?.kind, m.media?.fileName, m.text])).toEqual([
      ['document', 'paspor.pdf', undefined],
      ['voice', undefined, undefined],
      ['audio', undefined, undefined],
    ]);
    expect(client.sent.map((s) => s.text.split('\n')[0])).toEqual([
      'got media:document',
      'got media:voice',
      'got media:audio',
    ]);
  });

  it('passes a shared location as coordinates', async () => {
    const { client, handler } = await startRig();
    client.emit('message', waMessage({ type: 'location', location: { latitude: 25.033, longitude: 121.5654 } }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    expect(handler.received[0]?.location).toEqual({ latitude: 25.033, longitude: 121.5654 });
    expect(client.sent[0]?.text).toBe(`got loc:25.033,121.5654${CHOICES}`);
  });

  it('ignores groups, status updates, broadcasts, newsletters and its own messages', async () => {
    const { client, handler } = await startRig();
    client.emit('message', waMessage({ from: '120363041234567890@g.us', body: 'group' }));
    client.emit('message', waMessage({ from: 'status@broadcast', isStatus: true, body: 'status' }));
    client.emit('message', waMessage({ from: '1234567890@broadcast', broadcast: true, body: 'list' }));
    client.emit('message', waMessage({ from: '120363012345678901@newsletter', body: 'channel' }));
    client.emit('message', waMessage({ fromMe: true, body: 'own' }));
    client.emit('message', waMessage({ type: 'e2e_notification', body: '' }));
    client.emit('message', waMessage({ body: 'after' }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(handler.received.map((m) => m.text)).toEqual(['after']);
    expect(client.sent.map((s) => s.chatId)).toEqual([PHONE_CHAT]);
  });

  it('uses an @lid sender id as the user id, unparsed, and answers it there', async () => {
    const { client, handler } = await startRig();
    const lid = '204857349583922@lid';
    client.emit('message', waMessage({ from: lid, body: 'dari lid' }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    expect(handler.received[0]?.userId).toBe(lid);
    expect(client.sent[0]?.chatId).toBe(lid);
  });

  it('processes a message id seen twice once, also across a restart (dedup in Redis)', async () => {
    const first = await startRig();
    const msg = waMessage({ body: 'sekali saja', shortId: `DUP${randomUUID().slice(0, 8)}` });
    first.client.emit('message', msg);
    first.client.emit('message', msg);
    await waitFor(() => expect(first.client.sent).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(first.handler.received).toHaveLength(1);
    expect(first.handler.calls).toBe(1);

    // A new process knows nothing in memory; the service-level dedup (Redis) answers "duplicate".
    const second = await startRig({ handler: createRedisEchoHandler(redis, prefix) });
    second.client.emit('message', msg);
    second.client.emit('message', waMessage({ body: 'baru' }));
    await waitFor(() => expect(second.client.sent).toHaveLength(1));
    expect(second.client.sent[0]?.text).toBe(`got text:baru${CHOICES}`);
    expect(second.handler.received.map((m) => m.text)).toEqual(['baru']);
    expect(second.handler.calls).toBe(2);
  });

  it('keeps order within a chat while other chats go ahead', async () => {
    const { client } = await startRig();
    const other = '6289876543210@c.us';
    client.emit('message', waMessage({ body: 'slow one' }));
    client.emit('message', waMessage({ body: 'fast two' }));
    client.emit('message', waMessage({ from: other, body: 'fast other' }));
    await waitFor(() => expect(client.sent).toHaveLength(3));
    expect(client.sent.map((s) => s.text.split('\n')[0])).toEqual([
      'got text:fast other',
      'got text:slow one',
      'got text:fast two',
    ]);
  });

  it('splits a long reply into parts under the limit, the choices at the end', async () => {
    const { client } = await startRig();
    client.emit('message', waMessage({ body: 'long please' }));
    await waitFor(() => expect(client.sent.length).toBeGreaterThan(1));
    await new Promise((r) => setTimeout(r, 50));
    for (const part of client.sent) expect(part.text.length).toBeLessThanOrEqual(4000);
    expect(client.sent.every((s) => s.chatId === PHONE_CHAT)).toBe(true);
    expect(client.sent.at(-1)?.text.endsWith(CHOICES)).toBe(true);
    expect(client.sent.slice(0, -1).every((s) => s.text.endsWith('panjang sekali.'))).toBe(true);
  });

  it('spaces messages to the same chat by the per-chat interval', async () => {
    const { client } = await startRig({ perChatIntervalMs: 120 });
    client.emit('message', waMessage({ body: 'satu' }));
    client.emit('message', waMessage({ body: 'dua' }));
    client.emit('message', waMessage({ body: 'tiga' }));
    await waitFor(() => expect(client.sent).toHaveLength(3));
    const at = client.sent.map((s) => s.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(100);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(100);
  });
});

describe('WhatsApp channel: sending on its own and media', () => {
  it('refuses to message a chat that never wrote, and allows one that did, also after a restart', async () => {
    const { channel, client, lines, handler } = await startRig();
    const stranger = '6285550000001@c.us';
    await expect(channel.send(stranger, [{ text: 'promo' }])).rejects.toBeInstanceOf(WhatsAppSendRefusedError);
    expect(client.sent).toHaveLength(0);
    expect(lines.join('')).toContain('refused to message a chat that never wrote first');

    const writer = '6285550000002@c.us';
    client.emit('message', waMessage({ from: writer, body: 'silent' }));
    await waitFor(() => expect(handler.received.map((m) => m.userId)).toContain(writer));
    await channel.send(writer, [{ text: 'Petugas: halo' }]);
    expect(client.sent.map((s) => s.text)).toEqual(['Petugas: halo']);

    const restarted = await startRig();
    await restarted.channel.send(writer, [{ text: 'Kasus diperbarui', choices: [{ id: 'ok', label: 'Oke' }] }]);
    expect(restarted.client.sent.map((s) => s.text)).toEqual(['Kasus diperbarui\n\n1. Oke']);
  });

  it('reports media download failures as values', async () => {
    const { client, channel } = await startRig();
    const broken = waMessage({
      type: 'image',
      hasMedia: true,
      downloadMedia: async () => {
        throw new Error('Evaluation failed: media 6281234567890 gone');
      },
    });
    const expired = waMessage({ type: 'document', hasMedia: true, downloadMedia: async () => undefined });
    const nulled = waMessage({ type: 'video', hasMedia: true, downloadMedia: async () => null });
    for (const m of [broken, expired, nulled]) client.emit('message', m);
    await waitFor(() => expect(client.sent).toHaveLength(3));
    expect(await channel.downloadMedia(broken.id._serialized)).toEqual({ error: 'failed' });
    expect(await channel.downloadMedia(expired.id._serialized)).toEqual({ error: 'expired' });
    expect(await channel.downloadMedia(nulled.id._serialized)).toEqual({ error: 'expired' });
    expect(await channel.downloadMedia('false_1@c.us_UNKNOWN')).toEqual({ error: 'not-found' });

    // Not in memory any more (e.g. after a restart): fetched again from WhatsApp Web.
    const stored = waMessage({
      type: 'sticker',
      hasMedia: true,
      downloadMedia: mediaOf('WEBP', 'image/webp', 's.webp'),
    });
    client.stored.set(stored.id._serialized, stored);
    expect(await channel.downloadMedia(stored.id._serialized)).toEqual({
      data: Buffer.from('WEBP'),
      mimeType: 'image/webp',
      fileName: 's.webp',
    });
  });

  it('keeps going when the dialogue service throws', async () => {
    const client = new FakeClient();
    const { logger, lines } = captureLogger();
    let calls = 0;
    const channel = createWhatsAppChannel({
      config: {
        WHATSAPP_DATA_DIR: dataDir,
        PUPPETEER_EXECUTABLE_PATH: '/x',
        WHATSAPP_PAIRING_PHONE: undefined,
        WHATSAPP_RESTART_HOURS: 0,
        WHATSAPP_SEND_PER_MINUTE: 600,
      },
      handler: {
        async handle() {
          calls += 1;
          if (calls === 1) throw new Error('lock timeout');
          return { replies: [{ text: 'ok' }], duplicate: false };
        },
      },
      logger,
      createClient: () => client,
      tuning: { perChatIntervalMs: 5 },
    });
    await channel.start();
    client.emit('message', waMessage({ body: 'a' }));
    client.emit('message', waMessage({ body: 'b' }));
    await waitFor(() => expect(client.sent.map((s) => s.text)).toEqual(['ok']));
    expect(lines.join('')).toContain('the dialogue service failed');
    await channel.stop();
  });
});
