/**
 * Property: for random interleavings of worker messages and staff actions (take, close,
 * message, note), nothing but handover notices and staff messages reaches the worker while
 * the conversation is not in `bot` mode, and staff messages only in `human` mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import type { Mode } from '../../src/engine/session.js';
import { flattenKeys, loadLocales } from '../../src/i18n/create-translator.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { type Built, build, recordingSender, STAFF_CHAT } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const RUNS = Number(process.env.PROP_RUNS ?? 250);

interface Seen {
  kind: 'reply' | 'push';
  /** Mode before the message was handled (replies) or when the message was sent (pushes). */
  mode: Mode;
  text: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts allowed while staff hold the conversation: the handover's notices, the emergency numbers. */
function noticePrefixes(): string[] {
  const locales = loadLocales('locales');
  const out: string[] = [];
  for (const lang of ['id', 'en'] as const) {
    for (const [key, value] of flattenKeys(locales[lang])) {
      const allowed =
        (key.startsWith('handover.') && key !== 'handover.from_staff') ||
        key === 'emergency.intro' ||
        key === 'emergency.contacts_intro' ||
        key === 'common.discreet_ack';
      if (allowed && typeof value === 'string') out.push(value.split('{{')[0] as string);
    }
  }
  return out.filter((p) => p.length > 0);
}
const staffPrefixes = [
  translator.t('id', 'handover.from_staff', { text: '' }),
  translator.t('en', 'handover.from_staff', { text: '' }),
];

function violations(seen: Seen[], notices: string[]): Seen[] {
  const isNotice = (text: string) => notices.some((p) => text.startsWith(p));
  const isStaff = (text: string) => staffPrefixes.some((p) => text.startsWith(p));
  return seen.filter((s) => {
    if (s.kind === 'push') return isStaff(s.text) ? s.mode !== 'human' : !isNotice(s.text);
    return s.mode !== 'bot' && !isNotice(s.text);
  });
}

let built: Built;
let seen: Seen[] = [];
const api = createFakeStaffApi();

beforeAll(async () => {
  const users = recordingSender('console', async (userId, m) => {
    const mode = (await built.dialogue.peek({ channel: 'console', userId }))?.mode ?? 'bot';
    seen.push({ kind: 'push', mode, text: m.text });
  });
  // The fake group has no rate limit; the real one is tested in outbox-pump.test.ts.
  built = build({
    redis,
    prefix,
    senders: new Map([['console', users]]),
    staffApi: api,
    survey: true,
    options: { groupPerMinute: 1_000_000 },
  });
  await built.service.start();
});
afterAll(async () => {
  await built.service.stop();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const USER_TEXTS = [
  'halo',
  'menu',
  'minta petugas',
  'batal',
  'terima kasih',
  'bola',
  'xyz abc',
  'saya dipukul',
  '1',
  'ya',
  'tidak',
  'ganti bahasa',
  '2',
];
const STAFF_ACTIONS = ['/ambil', '/tutup', '/catatan cek dulu', 'pesan petugas', 'pesan petugas'];

describe('mode property', () => {
  it('the checker flags a flow reply sent while waiting (it can fail)', () => {
    const bad: Seen = { kind: 'reply', mode: 'waiting', text: translator.t('id', 'fallback.rephrase') };
    const staffInWaiting: Seen = {
      kind: 'push',
      mode: 'waiting',
      text: translator.t('id', 'handover.from_staff', { text: 'x' }),
    };
    const fine: Seen = { kind: 'reply', mode: 'human', text: translator.t('id', 'handover.cancelled_by_user') };
    expect(violations([bad, staffInWaiting, fine], noticePrefixes())).toEqual([bad, staffInWaiting]);
  });

  it(`holds for ${RUNS} random interleavings`, async () => {
    const notices = noticePrefixes();
    let staffSteps = 0;
    let nonBotSteps = 0;
    for (let run = 0; run < RUNS; run++) {
      const rand = mulberry32(run + 1);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
      const userId = `p${run}`;
      const conv = { channel: 'console' as const, userId };
      const stateKey = `${prefix}:relay:{console:${userId}}:state`;
      seen = [];
      const steps = 8 + Math.floor(rand() * 10);
      for (let i = 0; i < steps; i++) {
        const thread = await redis.hget(stateKey, 'threadId');
        if (rand() < 0.5 && thread) {
          staffSteps++;
          const update: StaffUpdate = {
            chatId: STAFF_CHAT,
            threadId: Number(thread),
            fromUserId: '900',
            fromName: 'Rina',
            messageId: i + 1,
            text: pick(STAFF_ACTIONS),
            receivedAt: Date.now(),
          };
          await built.service.staffHandler(update);
          continue;
        }
        const mode = (await built.dialogue.peek(conv))?.mode ?? 'bot';
        if (mode !== 'bot') nonBotSteps++;
        const r = await built.handler.handle({
          channel: 'console',
          userId,
          messageId: `${userId}-${i}`,
          text: pick(USER_TEXTS),
          receivedAt: Date.now(),
        });
        for (const reply of r.replies) seen.push({ kind: 'reply', mode, text: reply.text });
        // Staff can act only on a conversation that has a topic.
        if (r.state?.mode !== 'bot') expect(await built.service.flush(5000)).toBe(true);
      }
      const bad = violations(seen, notices);
      if (bad.length > 0) expect({ run, bad }).toEqual({ run, bad: [] });
    }
    // The interleavings did reach the interesting states.
    expect(staffSteps).toBeGreaterThan(RUNS);
    expect(nonBotSteps).toBeGreaterThan(RUNS / 2);
  }, 120_000);
});
