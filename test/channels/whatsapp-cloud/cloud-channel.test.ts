/**
 * The Cloud API channel for real: the bot's HTTP server on a loopback port, real Redis, the
 * fake Graph API on loopback; webhook requests are real HTTP requests signed as Meta signs them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWhatsAppCloudChannel,
  type WhatsAppCloudChannel,
} from '../../../src/channels/whatsapp-cloud/cloud-channel.js';
import { cloudKeys } from '../../../src/channels/whatsapp-cloud/cloud-keys.js';
import type { IncomingMessage, MessageHandler, OutgoingMessage } from '../../../src/core/messages.js';
import { UserUnreachableError } from '../../../src/errors.js';
import { createHttpServer, type HttpServer } from '../../../src/http/http-server.js';
import { createLogger } from '../../../src/logger.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_VERIFY_TOKEN,
  FAKE_VERSION,
  type FakeGraphApi,
  postWebhook,
  type SentMessage,
  startFakeGraphApi,
  textMessage,
  webhookPayload,
} from '../../helpers/fake-graph-api.js';
import { cleanPrefix, testPrefix, testRedis } from '../../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  format: 'json',
  destination: { write: (s: string) => logLines.push(s) },
});

let graph: FakeGraphApi;
let http: HttpServer;
let channel: WhatsAppCloudChannel;
let url: string;
const received: IncomingMessage[] = [];
const statuses: string[] = [];
const refused: string[] = [];
const retries: string[] = [];
let template: string | undefined;

/** Answers like the bot would: choices for "menu", a list for "list", many for "many", else an echo. */
function reply(m: IncomingMessage): OutgoingMessage[] {
  const choices = (n: number, label = (i: number) => `Pilihan ${i + 1}`) =>
    Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, label: label(i) }));
  if (m.text === 'menu') return [{ text: 'Pilih:', choices: choices(3) }];
  if (m.text === 'list') return [{ text: 'Pilih negara:', choices: choices(7) }];
  if (m.text === 'many') return [{ text: 'Pilih:', choices: choices(12) }];
  if (m.text?.startsWith('slow')) return [{ text: `one ${m.text}` }, { text: `two ${m.text}` }];
  return [{ text: `echo ${m.choiceId ?? m.text ?? m.media?.kind ?? (m.location ? 'location' : '?')}` }];
}

const handler: MessageHandler = {
  async handle(m, options) {
    received.push(m);
    if (m.text === 'slow-first') await new Promise((r) => setTimeout(r, 150));
    const replies = reply(m);
    if (options?.deliver) {
      await options.deliver(replies);
      return { replies, duplicate: false, delivered: true };
    }
    return { replies, duplicate: false };
  },
};

function build(windowMs?: number): WhatsAppCloudChannel {
  return createWhatsAppCloudChannel({
    config: {
      WHATSAPP_CLOUD_TOKEN: graph.token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
      WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
      WHATSAPP_CLOUD_API_VERSION: FAKE_VERSION,
      get WHATSAPP_CLOUD_TEMPLATE_NAME() {
        return template;
      },
      WHATSAPP_CLOUD_TEMPLATE_LANGUAGE: 'id',
      WHATSAPP_CLOUD_MEDIA_MAX_BYTES: 1024,
      WHATSAPP_CLOUD_SEND_PER_SECOND: 1000,
    },
    handler,
    logger,
    redis,
    redisPrefix: prefix,
    http,
    events: { status: (s) => statuses.push(s), refused: (r) => refused.push(r), retry: (k) => retries.push(k) },
    tuning: { backoffMs: 20, maxBackoffMs: 100, maxAttempts: 4, ...(windowMs ? { windowMs } : {}) },
  });
}

beforeAll(async () => {
  graph = await startFakeGraphApi();
  http = createHttpServer({ port: 0, host: '127.0.0.1', logger });
  channel = build();
  const port = await http.listen();
  url = `http://127.0.0.1:${port}/webhooks/whatsapp`;
  await channel.start();
});

afterEach(() => {
  template = undefined;
});

afterAll(async () => {
  await channel.stop();
  await http.close();
  await graph.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

let phoneSeq = 0;
const newUser = () => `62812000${String(++phoneSeq).padStart(4, '0')}${Math.floor(Math.random() * 90 + 10)}`;

describe('webhook verification handshake (GET)', () => {
  it('answers the challenge for the right verify token', async () => {
    const res = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses a wrong token or mode with 403', async () => {
    const wrong = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=nope-nope-nope-nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
    const mode = await fetch(`${url}?hub.mode=unsubscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1`);
    expect(mode.status).toBe(403);
  });
});

describe('signed POSTs', () => {
  it('refuses a missing or wrong signature with 401 and handles nothing', async () => {
    const user = newUser();
    const payload = webhookPayload([textMessage(user, 'halo')]);
    const before = received.length;
    expect((await postWebhook(url, payload, { signature: null })).status).toBe(401);
    expect((await postWebhook(url, payload, { appSecret: 'another-secret-0123456789' })).status).toBe(401);
    expect((await postWebhook(url, payload, { signature: 'sha256=zz' })).status).toBe(401);
    // Signed over other bytes (re-serialised JSON): refused too.
    const other = `sha256=${'0'.repeat(64)}`;
    expect((await postWebhook(url, payload, { signature: other })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(before);
    expect(graph.sentTo(user)).toEqual([]);
    expect(refused.filter((r) => r === 'signature').length).toBeGreaterThanOrEqual(4);
  });

  it('acknowledges a signed message at once and replies through the Graph API', async () => {
    const user = newUser();
    const res = await postWebhook(url, webhookPayload([textMessage(user, 'halo')]));
    expect(res.status).toBe(200);
    const [sent] = await graph.waitForMessages(1, 5000, user);
    expect(sent?.body).toMatchObject({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: user,
      type: 'text',
      text: { body: 'echo halo', preview_url: false },
    });
    const post = graph.requests.find((r) => r.path === `/${FAKE_VERSION}/${FAKE_PHONE_NUMBER_ID}/messages`);
    expect(post?.auth).toBe(`Bearer ${graph.token}`);
    expect(logLines.join('')).not.toContain(user);
  });

  it('processes a redelivered message once', async () => {
    const user = newUser();
    const message = textMessage(user, 'sekali');
    for (let i = 0; i < 3; i += 1) expect((await postWebhook(url, webhookPayload([message]))).status).toBe(200);
    await graph.waitForMessages(1, 5000, user);
    await channel.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(received.filter((m) => m.userId === user)).toHaveLength(1);
    expect(graph.sentTo(user)).toHaveLength(1);
  });

  it('records status callbacks without treating them as messages', async () => {
    const before = received.length;
    const res = await postWebhook(
      url,
      webhookPayload(
        [],
        [
          { id: 'wamid.OUT1', status: 'delivered', timestamp: '1700000000', recipient_id: '6281111111' },
          { id: 'wamid.OUT1', status: 'read', timestamp: '1700000001', recipient_id: '6281111111' },
          { id: 'wamid.OUT2', status: 'failed', recipient_id: '6281111111', errors: [{ code: 131000, title: 'x' }] },
        ],
      ),
    );
    expect(res.status).toBe(200);
    await channel.idle();
    expect(received.length).toBe(before);
    expect(statuses).toEqual(expect.arrayContaining(['delivered', 'read', 'failed']));
  });

  it('ignores changes addressed to another phone number of the app', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'halo')], [], '999999999999'));
    await channel.idle();
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((m) => m.userId === user)).toEqual([]);
  });
});

describe('messages in and out', () => {
  it('sends reply buttons for three choices and reads a button reply as the choice id', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'menu')]));
    const [sent] = await graph.waitForMessages(1, 5000, user);
    expect(sent?.body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pilih:' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'c1', title: 'Pilihan 1' } },
            { type: 'reply', reply: { id: 'c2', title: 'Pilihan 2' } },
            { type: 'reply', reply: { id: 'c3', title: 'Pilihan 3' } },
          ],
        },
      },
    });
    await postWebhook(
      url,
      webhookPayload([
        {
          from: user,
          id: `wamid.BTN${user}`,
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'c2', title: 'Pilihan 2' } },
        },
      ]),
    );
    const all = await graph.waitForMessages(2, 5000, user);
    expect(received.find((m) => m.messageId === `wamid.BTN${user}`)).toMatchObject({
      choiceId: 'c2',
      text: 'Pilihan 2',
    });
    expect(all[1]?.body).toMatchObject({ text: { body: 'echo c2' } });
  });

  it('sends a list for up to ten choices and reads a list reply', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'list')]));
    const [sent] = await graph.waitForMessages(1, 5000, user);
    const interactive = (
      (sent as SentMessage).body as {
        interactive: { type: string; action: { button: string; sections: { rows: unknown[] }[] } };
      }
    ).interactive;
    expect(interactive.type).toBe('list');
    expect(interactive.action.button.length).toBeLessThanOrEqual(20);
    expect(interactive.action.sections[0]?.rows).toHaveLength(7);
    expect(interactive.action.sections[0]?.rows[6]).toEqual({ id: 'c7', title: 'Pilihan 7' });
    await postWebhook(
      url,
      webhookPayload([
        {
          from: user,
          id: `wamid.LST${user}`,
          type: 'interactive',
          interactive: { type: 'list_reply', list_reply: { id: 'c7', title: 'Pilihan 7' } },
        },
      ]),
    );
    await graph.waitForMessages(2, 5000, user);
    expect(received.find((m) => m.messageId === `wamid.LST${user}`)?.choiceId).toBe('c7');
  });

  it('numbers more than ten choices in plain text', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'many')]));
    const [sent] = await graph.waitForMessages(1, 5000, user);
    expect(sent?.type).toBe('text');
    const body = ((sent as SentMessage).body as { text: { body: string } }).text.body;
    expect(body).toContain('1. Pilihan 1');
    expect(body).toContain('12. Pilihan 12');
  });

  it('keeps one chat in order even when its first message is slow', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'slow-first'), textMessage(user, 'slow-second')]));
    const sent = await graph.waitForMessages(4, 5000, user);
    expect(sent.map((m) => (m.body as { text: { body: string } }).text.body)).toEqual([
      'one slow-first',
      'two slow-first',
      'one slow-second',
      'two slow-second',
    ]);
  });

  it('takes images, documents, voice notes and locations; media are fetched by id with the token, within the size limit', async () => {
    const user = newUser();
    graph.addMedia('MEDIA-IMG', Buffer.from('jpeg-bytes'), 'image/jpeg');
    graph.addMedia('MEDIA-BIG', Buffer.alloc(2048, 1), 'application/pdf');
    graph.addMedia('MEDIA-LIE', Buffer.alloc(2048, 1), 'application/pdf', { reportedSize: 10 });
    await postWebhook(
      url,
      webhookPayload([
        {
          from: user,
          id: `wamid.IMG${user}`,
          type: 'image',
          image: { id: 'MEDIA-IMG', mime_type: 'image/jpeg', caption: 'paspor saya' },
        },
        {
          from: user,
          id: `wamid.DOC${user}`,
          type: 'document',
          document: { id: 'MEDIA-BIG', mime_type: 'application/pdf', filename: 'kontrak.pdf' },
        },
        {
          from: user,
          id: `wamid.VOI${user}`,
          type: 'audio',
          audio: { id: 'MEDIA-V', mime_type: 'audio/ogg', voice: true },
        },
        {
          from: user,
          id: `wamid.LOC${user}`,
          type: 'location',
          location: { latitude: 22.3, longitude: 114.17, name: 'x' },
        },
      ]),
    );
    await graph.waitForMessages(4, 5000, user);
    const mine = received.filter((m) => m.userId === user);
    expect(mine[0]).toMatchObject({
      text: 'paspor saya',
      media: { kind: 'photo', ref: 'MEDIA-IMG', mimeType: 'image/jpeg' },
    });
    expect(mine[1]).toMatchObject({ media: { kind: 'document', ref: 'MEDIA-BIG', fileName: 'kontrak.pdf' } });
    expect(mine[2]).toMatchObject({ media: { kind: 'voice', ref: 'MEDIA-V' } });
    expect(mine[3]).toMatchObject({ location: { latitude: 22.3, longitude: 114.17 } });

    const image = await channel.downloadMedia('MEDIA-IMG');
    expect(image).toEqual({ data: Buffer.from('jpeg-bytes'), mimeType: 'image/jpeg' });
    const media = graph.requests.filter(
      (r) => r.path.startsWith('/media-bin/') || r.path === `/${FAKE_VERSION}/MEDIA-IMG`,
    );
    expect(media.length).toBeGreaterThanOrEqual(2);
    expect(media.every((r) => r.auth === `Bearer ${graph.token}`)).toBe(true);
    // Over the 1024-byte limit: by the size Meta reports, and by the bytes when the report lies.
    expect(await channel.downloadMedia('MEDIA-BIG')).toEqual({ error: 'too-large' });
    expect(await channel.downloadMedia('MEDIA-LIE')).toEqual({ error: 'too-large' });
    expect(await channel.downloadMedia('MEDIA-GONE')).toEqual({ error: 'not-found' });
  });
});

describe('Graph API errors', () => {
  it('retries a 429 with backoff and delivers once', async () => {
    const user = newUser();
    graph.failNext({ status: 429, code: 130429 }, 2);
    await postWebhook(url, webhookPayload([textMessage(user, 'coba')]));
    const [sent] = await graph.waitForMessages(1, 5000, user);
    expect(sent?.body).toMatchObject({ text: { body: 'echo coba' } });
    expect(graph.sentTo(user)).toHaveLength(1);
    expect(retries.filter((k) => k === 'throttled').length).toBeGreaterThanOrEqual(2);
  });

  it('retries a 500, and gives up on a bad request without retrying', async () => {
    const user = newUser();
    graph.failNext({ status: 500, code: 1 });
    await postWebhook(url, webhookPayload([textMessage(user, 'lima ratus')]));
    await graph.waitForMessages(1, 5000, user);
    const before = graph.requests.length;
    graph.failNext({ status: 400, code: 100 });
    await postWebhook(url, webhookPayload([textMessage(user, 'rusak')]));
    await channel.idle();
    const posts = graph.requests.slice(before).filter((r) => r.path.endsWith('/messages'));
    // The read receipt and one send: no retry of a permanent error.
    expect(posts.length).toBeLessThanOrEqual(2);
    expect(graph.sentTo(user)).toHaveLength(1);
  });

  it('says reconnecting in health while the Graph API keeps failing, and ready again once a send works', async () => {
    const user = newUser();
    graph.failNext({ status: 503, code: 2 }, 4);
    await postWebhook(url, webhookPayload([textMessage(user, 'halo')]));
    await channel.idle();
    expect(channel.health()).toMatchObject({ channel: 'whatsapp-cloud', state: 'reconnecting' });
    expect(channel.health().detail).toContain('Graph API unavailable');
    await postWebhook(url, webhookPayload([textMessage(user, 'lagi')]));
    await graph.waitForMessages(1, 5000, user);
    await channel.idle();
    expect(channel.health().state).toBe('ready');
  });

  it('marks a user who cannot be reached (131026) and refuses later sends to them', async () => {
    const user = newUser();
    graph.failNext({ status: 400, code: 131026 });
    await postWebhook(url, webhookPayload([textMessage(user, 'halo')]));
    await channel.idle();
    await expect(channel.send(user, [{ text: 'dari petugas' }])).rejects.toMatchObject({ reason: 'blocked' });
    // Writing again clears the mark: the dialogue's turn does (whole-bot.e2e.test.ts); this handler is scripted.
    await redis.del(cloudKeys(prefix).unreachable(user));
    await postWebhook(url, webhookPayload([textMessage(user, 'halo lagi')]));
    await graph.waitForMessages(1, 5000, user);
    await channel.send(user, [{ text: 'dari petugas' }]);
    expect(graph.sentTo(user).map((m) => (m.body as { text: { body: string } }).text.body)).toContain('dari petugas');
  });
});

describe('the 24-hour window', () => {
  it('sends freely inside the window', async () => {
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'halo')]));
    await graph.waitForMessages(1, 5000, user);
    await channel.send(user, [{ text: 'Petugas: halo' }]);
    expect(graph.sentTo(user)[1]?.body).toMatchObject({ type: 'text', text: { body: 'Petugas: halo' } });
  });

  it('refuses outside the window without a template (staff are told), never sending anything', async () => {
    const user = newUser();
    const err = await channel.send(user, [{ text: 'Petugas: halo' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserUnreachableError);
    expect((err as UserUnreachableError).reason).toBe('window_closed');
    expect(graph.sentTo(user)).toEqual([]);
  });

  it('uses the configured template outside the window, the text as its one variable', async () => {
    template = 'pesan_petugas';
    const user = newUser();
    await channel.send(user, [{ text: 'Petugas:\nkasus Anda\tsedang diproses' }]);
    const [sent] = graph.sentTo(user);
    expect(sent?.body).toMatchObject({
      type: 'template',
      template: {
        name: 'pesan_petugas',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Petugas: · kasus Anda · sedang diproses' }] }],
      },
    });
  });

  it('falls back to the template when Meta says the window closed (131047)', async () => {
    template = 'pesan_petugas';
    const user = newUser();
    await postWebhook(url, webhookPayload([textMessage(user, 'halo')]));
    await graph.waitForMessages(1, 5000, user);
    graph.failNext({ status: 400, code: 131047 });
    await channel.send(user, [{ text: 'Petugas: halo' }]);
    expect(graph.sentTo(user)[1]?.type).toBe('template');
  });
});
