import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHotlineClock } from '../../src/handover/hotline-hours.js';
import type { OutboxItem } from '../../src/handover/outbox-items.js';
import { createOutboxPump, type OutboxPump } from '../../src/handover/outbox-pump.js';
import { createRelayHistory } from '../../src/handover/relay-history.js';
import { type ConvRef, convLaneId, relayKeys } from '../../src/handover/relay-keys.js';
import { createRelayStore, type HandoverRecord } from '../../src/handover/relay-store.js';
import { createStaffTexts } from '../../src/handover/staff-texts.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi, type FakeStaffApi } from './fake-staff-api.js';
import { logger } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const store = createRelayStore({ redis, prefix, ttlSeconds: 3600 });
const history = createRelayHistory({ redis, prefix });
const clock = createHotlineClock('24/7', 'Asia/Jakarta');
const texts = createStaffTexts({ t: translator.t, missingIn: translator.missingIn, lang: 'id', clock });
let pumps: OutboxPump[] = [];

function pump(api: FakeStaffApi, extra: Partial<Parameters<typeof createOutboxPump>[0]> = {}): OutboxPump {
  const p = createOutboxPump({
    redis,
    leaseKey: relayKeys(prefix).lease,
    store,
    history,
    api,
    texts,
    logger,
    downloaders: {},
    minGapMs: 0,
    pollMs: 20,
    ...extra,
  });
  pumps.push(p);
  return p;
}

let n = 0;
async function conversation(urgent = false, channel: ConvRef['channel'] = 'console'): Promise<ConvRef> {
  const conv: ConvRef = { channel, userId: `u${++n}-${Date.now()}` };
  const record: Partial<HandoverRecord> = {
    pseudonym: `PMI-TEST${n}`,
    channel,
    lang: 'id',
    reason: 'user_request',
    urgent,
    since: Date.now(),
    status: 'active',
    lastActivityAt: Date.now(),
    outOfHours: false,
  };
  await store.write(conv, record);
  return conv;
}
const user = (text: string, at = Date.now()): OutboxItem => ({ k: 'user', at, messageId: text, text });
const threadOf = async (conv: ConvRef) => (await store.read(conv))?.threadId as number;

afterEach(async () => {
  for (const p of pumps) await p.stop();
  pumps = [];
  await cleanPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('staff outbox pump', () => {
  it('opens a topic with a card, then batches waiting messages into one message', async () => {
    const api = createFakeStaffApi();
    const conv = await conversation();
    await history.push(conv, [{ at: Date.now(), role: 'user', text: 'saya butuh bantuan' }]);
    await store.enqueue(
      convLaneId(conv),
      [{ k: 'open', at: 1 }, ...['satu', 'dua', 'tiga', 'empat'].map((t) => user(t))],
      false,
    );
    const p = pump(api);
    p.start();
    expect(await p.whenIdle(5000)).toBe(true);
    const thread = await threadOf(conv);
    expect(api.topics.get(thread)?.name).toContain('PMI-TEST');
    const posted = api.posted.get(thread) ?? [];
    expect(posted).toHaveLength(2);
    expect(posted[0]).toContain('saya butuh bantuan');
    expect(posted[1]?.split('\n').map((l) => l.replace(/^👤 \d\d:\d\d /, ''))).toEqual([
      'satu',
      'dua',
      'tiga',
      'empat',
    ]);
    expect(p.counters()).toMatchObject({ batchedLines: 4, dropped: 0 });
  });

  it('sends urgent conversations first', async () => {
    const api = createFakeStaffApi();
    const normal = await conversation(false);
    const urgent = await conversation(true);
    await store.enqueue(convLaneId(normal), [{ k: 'open', at: 1 }], false);
    await store.enqueue(convLaneId(urgent), [{ k: 'open', at: 2 }], true);
    const p = pump(api);
    p.start();
    await p.whenIdle(5000);
    const created = api.calls.filter((c) => c.method === 'createTopic').map((c) => c.text);
    expect(created[0]).toContain(`🔴 PMI-TEST${n}`);
    expect(created[1]).toContain(`PMI-TEST${n - 1}`);
  });

  it('keeps every message and their order through a 429 storm', async () => {
    const api = createFakeStaffApi();
    const conv = await conversation();
    await store.enqueue(convLaneId(conv), [{ k: 'open', at: 1 }], false);
    const p = pump(api);
    p.start();
    await p.whenIdle(5000);
    api.failNext('sendText', 'rate_limited', 3, 1);
    const lines = Array.from({ length: 12 }, (_, i) => `pesan ${i + 1}`);
    // Arrive one by one while Telegram refuses: batches form during the waits.
    for (const line of lines) {
      await store.enqueue(convLaneId(conv), [user(line)], false);
      p.kick();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(await p.whenIdle(15_000)).toBe(true);
    const got = (api.posted.get(await threadOf(conv)) ?? [])
      .slice(1)
      .flatMap((m) => m.split('\n'))
      .map((l) => l.replace(/^👤 \d\d:\d\d /, ''));
    expect(got).toEqual(lines);
    expect(p.counters().rateLimited).toBe(3);
  }, 30_000);

  it('never posts more than the group limit per minute', async () => {
    const api = createFakeStaffApi();
    for (let i = 0; i < 4; i++) {
      const conv = await conversation();
      await store.enqueue(convLaneId(conv), [{ k: 'open', at: i }], false);
    }
    const p = pump(api, { perMinute: 3 });
    p.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(api.calls.filter((c) => c.method !== 'administrators')).toHaveLength(3);
    expect(await store.pendingLanes()).toBeGreaterThan(0);
  });

  it('loses nothing across a restart: what one process queued, the next one sends', async () => {
    const api = createFakeStaffApi();
    const conv = await conversation();
    await store.enqueue(convLaneId(conv), [{ k: 'open', at: 1 }, user('alfa-1'), user('bravo-2')], false);
    const first = pump(api);
    first.start();
    // The process goes away at once: whatever it did not confirm stays in Redis.
    await first.stop();
    await store.enqueue(convLaneId(conv), [user('charlie-3')], false);
    const second = pump(api);
    second.start();
    expect(await second.whenIdle(5000)).toBe(true);
    const lines = (api.posted.get(await threadOf(conv)) ?? [])
      .slice(1)
      .flatMap((m) => m.split('\n'))
      .map((l) => l.replace(/^👤 \d\d:\d\d /, ''));
    expect(lines).toEqual(['alfa-1', 'bravo-2', 'charlie-3']);
  });

  it('lets one process send at a time', async () => {
    const api = createFakeStaffApi();
    const conv = await conversation();
    await store.enqueue(convLaneId(conv), [{ k: 'open', at: 1 }], false);
    const a = pump(api);
    const b = pump(api);
    a.start();
    b.start();
    await a.whenIdle(5000);
    for (let i = 0; i < 5; i++) await store.enqueue(convLaneId(conv), [user(`m${i}`)], false);
    await a.whenIdle(5000);
    const posted = (api.posted.get(await threadOf(conv)) ?? []).join('\n');
    for (let i = 0; i < 5; i++) expect(posted.split(`m${i}`)).toHaveLength(2);
  });

  it('recreates a topic staff deleted, with a new card', async () => {
    const api = createFakeStaffApi();
    const conv = await conversation();
    await store.enqueue(convLaneId(conv), [{ k: 'open', at: 1 }], false);
    const p = pump(api);
    p.start();
    await p.whenIdle(5000);
    const old = await threadOf(conv);
    api.topics.delete(old);
    await store.enqueue(convLaneId(conv), [user('masih di sini')], false);
    p.kick();
    await p.whenIdle(5000);
    const fresh = await threadOf(conv);
    expect(fresh).not.toBe(old);
    expect(api.posted.get(fresh)?.join('\n')).toContain('masih di sini');
  });

  it('uploads media a WhatsApp user sent, and shows a placeholder when it cannot', async () => {
    const api = createFakeStaffApi();
    const wa = await conversation(false, 'whatsapp');
    const tty = await conversation(false, 'console');
    const media = (ref: string, kind: 'photo' | 'voice'): OutboxItem => ({
      k: 'user',
      at: Date.now(),
      messageId: ref,
      text: 'lihat',
      media: { kind, ref },
    });
    await store.enqueue(
      convLaneId(wa),
      [{ k: 'open', at: 1 }, media('good', 'photo'), media('expired', 'voice')],
      false,
    );
    await store.enqueue(convLaneId(tty), [{ k: 'open', at: 2 }, media('local', 'photo')], false);
    const p = pump(api, {
      downloaders: {
        whatsapp: async (ref) =>
          ref.ref === 'good'
            ? { data: Buffer.from('jpeg'), mimeType: 'image/jpeg', fileName: 'bukti.jpg' }
            : { error: 'not_found' },
      },
    });
    p.start();
    await p.whenIdle(5000);
    const waPosts = api.posted.get(await threadOf(wa)) ?? [];
    expect(waPosts[1]).toMatch(/^\[file bukti\.jpg\] 👤 \d\d:\d\d lihat$/);
    expect(waPosts[2]).toMatch(/^👤 \d\d:\d\d \[pesan suara\] lihat$/);
    expect(api.posted.get(await threadOf(tty))?.[1]).toMatch(/^👤 \d\d:\d\d \[foto\] lihat$/);
  });

  it('places a new case: urgent ones in a topic of their own, others in General', async () => {
    const api = createFakeStaffApi();
    const p = pump(api);
    const at = Date.now();
    const item = (ticket: string, urgent: boolean): OutboxItem => ({
      k: 'case',
      at,
      notBefore: at,
      ticket,
      urgent,
      topicName: `${urgent ? '🔴 ' : ''}${ticket}`,
      text: `card ${ticket}`,
    });
    await store.enqueue('k:ADU-AAAAAAAA', [item('ADU-AAAAAAAA', false)], false);
    await store.enqueue('k:ADU-BBBBBBBB', [item('ADU-BBBBBBBB', true)], true);
    p.start();
    await p.whenIdle(5000);
    expect(api.posted.get(0)).toEqual(['card ADU-AAAAAAAA']);
    const topic = [...api.topics.entries()].find(([, t]) => t.name === '🔴 ADU-BBBBBBBB');
    expect(api.posted.get(topic?.[0] ?? -1)).toEqual(['card ADU-BBBBBBBB']);
  });
});
