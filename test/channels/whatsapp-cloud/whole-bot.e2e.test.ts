/**
 * The composed bot (src/compose-bot.ts, as `npm start` builds it) with a WhatsApp Cloud API
 * user: webhook requests to the bot's own HTTP server on loopback, replies to the fake Graph
 * API, the staff console on the fake Telegram Bot API. A whole conversation with a list and a
 * tapped choice, a handover whose staff replies reach the WhatsApp user, and a staff reply
 * after the 24-hour window that staff are told about instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudKeys } from '../../../src/channels/whatsapp-cloud/cloud-keys.js';
import { type Bot, composeBot } from '../../../src/compose-bot.js';
import { parseConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { translator } from '../../helpers/engine-fixtures.js';
import { FAKE_TOKEN, type FakeBotApi, startFakeBotApi } from '../../helpers/fake-bot-api.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_VERIFY_TOKEN,
  type FakeGraphApi,
  postWebhook,
  type SentMessage,
  startFakeGraphApi,
  textMessage,
  webhookPayload,
} from '../../helpers/fake-graph-api.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../../helpers/redis.js';

const STAFF_CHAT = '-1001234567890';
const STAFF = Number(STAFF_CHAT);
const USER = '6281298765432';
const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `tq${prefix.slice(5)}`;
const dir = mkdtempSync(join(tmpdir(), 'pmi-wac-bot-'));
const port = 22_000 + Math.floor(Math.random() * 2000);
const url = `http://127.0.0.1:${port}/webhooks/whatsapp`;
const logs: string[] = [];
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);

let graph: FakeGraphApi;
let telegram: FakeBotApi;
let bot: Bot;

type Maybe<T> = T | null | undefined | false;
async function waitFor<T>(what: string, probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
/** What the WhatsApp user saw: text bodies, interactive bodies, template variables. */
function shown(m: SentMessage): string {
  const b = m.body as {
    text?: { body: string };
    interactive?: { body: { text: string } };
    template?: { components: { parameters: { text: string }[] }[] };
  };
  return b.text?.body ?? b.interactive?.body.text ?? b.template?.components[0]?.parameters[0]?.text ?? '';
}
const userSaw = () => graph.sentTo(USER).map(shown);
const topicTexts = (thread: number) =>
  telegram
    .sentTo(STAFF)
    .filter((m) => m.message_thread_id === thread)
    .map((m) => m.text ?? '');
let seq = 0;
const say = (text: string) =>
  postWebhook(url, webhookPayload([textMessage(USER, text, `wamid.E2E${Date.now()}${++seq}`)]));

beforeAll(async () => {
  graph = await startFakeGraphApi();
  telegram = await startFakeBotApi();
  telegram.setAdministrators(STAFF, [900]);
  const config = parseConfig({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    QUEUE_PREFIX: queuePrefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    SPOOL_DIR: join(dir, 'spool'),
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    STAFF_CHAT_ID: STAFF_CHAT,
    STAFF_USER_IDS: '900',
    HOTLINE_HOURS: '24/7',
    DIGEST_SCHEDULE: 'off',
    WHATSAPP_CLOUD_TOKEN: graph.token,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
    WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
    WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
  });
  const logger = createLogger({ level: 'info', format: 'json', destination: { write: (s: string) => logs.push(s) } });
  bot = await composeBot({ config, logger, consoleOutput: null, http: true, withChannels: true });
  await bot.start();
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await graph.close();
  await telegram.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('the whole bot on the WhatsApp Cloud API', () => {
  it('greets with the menu as a list and follows a tapped choice', async () => {
    expect((await say('halo')).status).toBe(200);
    const sent = await graph.waitForMessages(2, 15_000, USER);
    expect(shown(sent[0] as SentMessage)).toBe(t('menu.welcome'));
    const menu = sent.find((m) => m.type === 'interactive') as SentMessage;
    const interactive = (
      menu.body as { interactive: { type: string; action: { sections: { rows: { id: string; title: string }[] }[] } } }
    ).interactive;
    expect(interactive.type).toBe('list');
    const rows = interactive.action.sections[0]?.rows ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every((r) => [...r.title].length <= 24)).toBe(true);
    const agency = rows.find((r) => r.title === t('menu.choice.agency')) as { id: string; title: string };
    expect(agency).toBeDefined();
    const before = graph.sentTo(USER).length;
    await postWebhook(
      url,
      webhookPayload([
        {
          from: USER,
          id: 'wamid.E2E-TAP',
          type: 'interactive',
          interactive: { type: 'list_reply', list_reply: { id: agency.id, title: agency.title } },
        },
      ]),
    );
    await graph.waitForMessages(before + 1, 10_000, USER);
    // Replies go out just before the turn's save (under the chat's lock): the session follows.
    await expect
      .poll(async () => (await bot.dialogue.peek({ channel: 'whatsapp-cloud', userId: USER }))?.flowId, {
        timeout: 5000,
      })
      .toBe('agency-check');
  }, 30_000);

  it('hands over to staff: the card names the channel, staff replies reach the WhatsApp user', async () => {
    // Back to the menu first: inside the agency check the words would be read as an agency name.
    const before = graph.sentTo(USER).length;
    await say('menu');
    await graph.waitForMessages(before + 1, 10_000, USER);
    await say('saya mau bicara dengan petugas');
    const [topic] = await waitFor('topic', () => (telegram.topics(STAFF).length > 0 ? telegram.topics(STAFF) : null));
    const thread = topic?.threadId as number;
    expect(topic?.name).not.toContain(USER);
    const [card] = await waitFor('card', () => (topicTexts(thread).length > 0 ? topicTexts(thread) : null));
    expect(card).toContain('WhatsApp (Cloud API)');
    expect(card).not.toContain(USER);
    telegram.staffSends(STAFF, 900, { text: 'Halo, saya petugas hotline' }, { threadId: thread });
    await waitFor('staff reply on WhatsApp', () =>
      userSaw().includes(t('handover.from_staff', { text: 'Halo, saya petugas hotline' })),
    );
    await say('terima kasih bu');
    await waitFor('relayed to the topic', () => topicTexts(thread).some((x) => x.endsWith('terima kasih bu')));
  }, 30_000);

  it('after the 24-hour window a staff reply is not sent, and staff are told the user must write first', async () => {
    const thread = telegram.topics(STAFF)[0]?.threadId as number;
    // The window's record expires with the window: removing it is 24 hours passing.
    await redis.del(cloudKeys(prefix).lastInbound(USER));
    const before = graph.sentTo(USER).length;
    telegram.staffSends(STAFF, 900, { text: 'Apakah Anda masih di sana?' }, { threadId: thread });
    await waitFor('staff told', () => topicTexts(thread).includes(t('staff.line.not_delivered_window')));
    expect(graph.sentTo(USER).length).toBe(before);
  }, 20_000);

  it('a user marked unreachable who writes again is reachable again: the turn clears the mark', async () => {
    const mark = cloudKeys(prefix).unreachable(USER);
    await redis.set(mark, '1');
    await say('menu');
    await waitFor('mark cleared', async () => ((await redis.exists(mark)) === 0 ? true : null));
  }, 20_000);

  it('never logs the phone number or the message text', () => {
    const all = logs.join('');
    expect(all).not.toContain(USER);
    expect(all).not.toContain('petugas hotline');
  });
});
