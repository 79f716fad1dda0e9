/**
 * Property: once a worker typed the code word, no line the bot sends them names the hotline,
 * staff, a complaint or an emergency, whatever staff do (take, reply with text, media or a
 * location, note, close, leave it idle) and whatever the worker types meanwhile; and nothing
 * short the worker types cancels the urgent escalation. The phone may be read by the employer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import type { Mode } from '../../src/engine/session.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { type Built, build, recordingSender, STAFF_CHAT } from './handover-fixture.js';

const redis = testRedis();
const prefix = testPrefix();
const RUNS = Number(process.env.PROP_RUNS ?? 120);
const CODE_WORD = 'payung biru';

/** Words that would tell a reader of the phone what the chat is about. */
const BETRAYS =
  /hotline|petugas|staf|officer|aduan|adu-|laporan|lapor|complaint|report|darurat|emergency|bahaya|danger|kp2mi|kbri|polisi|police|sahabat pmi|pin\b/i;

interface Seen {
  kind: 'reply' | 'push';
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

let built: Built;
let seen: Seen[] = [];
let clock = Date.now();
const api = createFakeStaffApi();

beforeAll(async () => {
  const users = recordingSender('console', async (userId, m) => {
    const mode = (await built.dialogue.peek({ channel: 'console', userId }))?.mode ?? 'bot';
    seen.push({ kind: 'push', mode, text: [m.text, ...(m.choices ?? []).map((c) => c.label)].join(' | ') });
  });
  built = build({
    redis,
    prefix,
    senders: new Map([['console', users]]),
    staffApi: api,
    survey: true,
    now: () => clock,
    options: { groupPerMinute: 1_000_000 },
  });
  await built.service.start();
});
afterAll(async () => {
  await built.service.stop();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const USER_TEXTS = ['bunga melati ya', 'batal', 'ya', 'tidak', 'halo', 'terima kasih', 'takut', 'saya dipukul', 'ok'];
const STAFF_ACTIONS = ['/ambil', '/tutup', '/catatan cek dulu', '/kontak', 'baik, sebentar ya', 'media', 'location'];

function staffUpdate(thread: number, i: number, what: string): StaffUpdate {
  const base = {
    chatId: STAFF_CHAT,
    threadId: thread,
    fromUserId: '900',
    fromName: 'Rina',
    messageId: i + 1,
    receivedAt: clock,
  };
  if (what === 'media') return { ...base, media: { kind: 'photo', ref: 'telegram:f1' } } as StaffUpdate;
  if (what === 'location') return { ...base, location: { latitude: 1, longitude: 2 } } as StaffUpdate;
  return { ...base, text: what };
}

describe('code-word discretion', () => {
  it('the checker flags an ordinary handover line (it can fail)', () => {
    expect(BETRAYS.test('Seorang petugas hotline sekarang menangani percakapan ini.')).toBe(true);
    expect(BETRAYS.test('Petugas: baik')).toBe(true);
    expect(BETRAYS.test('Baik, terima kasih. Pesan Anda sudah kami terima.')).toBe(false);
  });

  it(`holds for ${RUNS} random interleavings of staff actions and worker messages`, async () => {
    let staffSteps = 0;
    for (let run = 0; run < RUNS; run++) {
      const rand = mulberry32(run + 7);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
      const userId = `d${run}`;
      const conv = { channel: 'console' as const, userId };
      const stateKey = `${prefix}:relay:{console:${userId}}:state`;
      seen = [];
      let closed = false;
      const first = await built.handler.handle({
        channel: 'console',
        userId,
        messageId: `${userId}-cw`,
        text: CODE_WORD,
        receivedAt: clock,
      });
      for (const reply of first.replies) seen.push({ kind: 'reply', mode: 'bot', text: reply.text });
      expect(await built.service.flush(5000)).toBe(true);
      const steps = 6 + Math.floor(rand() * 10);
      for (let i = 0; i < steps && !closed; i++) {
        const thread = await redis.hget(stateKey, 'threadId');
        const r = rand();
        if (r < 0.1) {
          // Nobody answers for a day: the sweep returns or marks it overdue.
          clock += 25 * 3_600_000;
          await built.service.sweep();
        } else if (r < 0.55 && thread) {
          staffSteps++;
          const action = pick(STAFF_ACTIONS);
          await built.service.staffHandler(staffUpdate(Number(thread), i, action));
        } else {
          const mode = (await built.dialogue.peek(conv))?.mode ?? 'bot';
          const reply = await built.handler.handle({
            channel: 'console',
            userId,
            messageId: `${userId}-${i}`,
            text: pick(USER_TEXTS),
            receivedAt: clock,
          });
          // After the handover ended the worker talks to the bot again on their own account.
          if (mode !== 'bot') for (const m of reply.replies) seen.push({ kind: 'reply', mode, text: m.text });
          if (mode === 'waiting') expect(reply.state?.mode).not.toBe('bot');
        }
        expect(await built.service.flush(5000)).toBe(true);
        closed = ((await built.dialogue.peek(conv))?.mode ?? 'bot') === 'bot';
      }
      const bad = seen.filter((s) => BETRAYS.test(s.text));
      if (bad.length > 0) expect({ run, bad }).toEqual({ run, bad: [] });
    }
    expect(staffSteps).toBeGreaterThan(RUNS);
  }, 180_000);

  it('a short cancel-like message never cancels the code-word escalation', async () => {
    const userId = 'cancel-1';
    const conv = { channel: 'console' as const, userId };
    await built.handler.handle({ channel: 'console', userId, messageId: 'c0', text: CODE_WORD, receivedAt: clock });
    for (const [i, text] of ['batal', 'bunga melati ya', 'cancel', 'stop'].entries()) {
      const r = await built.handler.handle({
        channel: 'console',
        userId,
        messageId: `c${i + 1}`,
        text,
        receivedAt: clock,
      });
      expect(r.replies.map((m) => m.text).join(' ')).not.toMatch(BETRAYS);
      expect((await built.dialogue.peek(conv))?.mode).toBe('waiting');
    }
  });
});
