/**
 * Channels fail alone, in a real process (src/main.ts): WhatsApp (whatsapp-web.js) cannot
 * start its browser, while Telegram (the fake Bot API on loopback) and the WhatsApp Cloud API
 * (the fake Graph API on loopback, webhooks signed as Meta signs them) keep answering; the
 * process stays up and `/healthz` names the channel that is down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_VERIFY_TOKEN,
  type FakeGraphApi,
  postWebhook,
  startFakeGraphApi,
  textMessage,
  webhookPayload,
} from '../helpers/fake-graph-api.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const prefix = testPrefix();
const queuePrefix = `tq${prefix.slice(5)}`;
const redis = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'pmi-isolation-'));
let api: FakeBotApi;
let graph: FakeGraphApi;
let bot: ChildProcess;
let stderr = '';
let exitCode: number | null = null;
const port = 20_000 + Math.floor(Math.random() * 2000);

beforeAll(async () => {
  api = await startFakeBotApi();
  graph = await startFakeGraphApi();
  // A "browser" that dies at once: Puppeteer's launch fails as with a broken Chromium.
  const browser = join(dir, 'chromium');
  writeFileSync(browser, '#!/bin/sh\necho "cannot start" >&2\nexit 1\n');
  chmodSync(browser, 0o755);
  bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_DATA_DIR: join(dir, 'whatsapp'),
      PUPPETEER_EXECUTABLE_PATH: browser,
      WHATSAPP_CLOUD_TOKEN: graph.token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
      WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QUEUE_PREFIX: queuePrefix,
      HTTP_PORT: String(port),
      SPOOL_DIR: join(dir, 'spool'),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ENV_FILE: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  bot.stderr?.on('data', (d) => {
    stderr += d;
  });
  bot.on('exit', (code) => {
    exitCode = code ?? -1;
  });
  // Generous: on a loaded machine tsx and the first NLU training take a while.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && exitCode === null && !/WhatsApp: could not start/.test(stderr)) {
    await new Promise((r) => setTimeout(r, 100));
  }
}, 100_000);

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await api.close();
  await graph.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('a channel that cannot start fails alone (real process)', () => {
  it('logs one honest line about the browser and keeps running', async () => {
    expect(stderr).toContain('WhatsApp: could not start (the browser did not start');
    expect(stderr).not.toContain('WhatsApp Web could not be reached');
    await new Promise((r) => setTimeout(r, 500));
    expect(exitCode).toBeNull();
    expect(stderr).toMatch(/Sahabat PMI is running/);
  });

  it('Telegram keeps answering', async () => {
    api.userSends(4343, { text: '/start' });
    const calls = await api.waitForCalls('sendMessage', 1, 20_000);
    expect(calls.map((c) => String(c.payload.text)).join('\n')).toMatch(/Sahabat PMI/);
  }, 30_000);

  it('the WhatsApp Cloud API channel answers a signed webhook message through the Graph API', async () => {
    const handshake = await fetch(
      `http://127.0.0.1:${port}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=42`,
    );
    expect(await handshake.text()).toBe('42');
    const url = `http://127.0.0.1:${port}/webhooks/whatsapp`;
    const payload = webhookPayload([textMessage('6281355577799', 'halo')]);
    expect((await postWebhook(url, payload, { signature: null })).status).toBe(401);
    expect((await postWebhook(url, payload)).status).toBe(200);
    const sent = await graph.waitForMessages(2, 20_000, '6281355577799');
    expect(JSON.stringify(sent.map((m) => m.body))).toMatch(/Sahabat PMI/);
  }, 30_000);

  it('/healthz says which channel is down, and the channel_up metric agrees', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    const body = (await res.json()) as { status: string; channels: Record<string, { state: string }> };
    expect(body.channels.telegram?.state).toBe('ready');
    expect(body.channels['whatsapp-cloud']?.state).toBe('ready');
    expect(body.channels.whatsapp?.state).toBe('reconnecting');
    expect(body.status).toBe('degraded');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/pmi_channel_up\{channel="whatsapp"[^}]*\} 0/);
    expect(metrics).toMatch(/pmi_channel_up\{channel="telegram"[^}]*\} 1/);
  });
});
