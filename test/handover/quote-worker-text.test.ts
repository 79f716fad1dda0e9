/** Worker text in the staff group can never pass for a staff or system line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUOTE_MARK, quoteWorkerText } from '../../src/handover/quote-worker-text.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { createFakeStaffApi } from './fake-staff-api.js';
import { type Built, build, recordingSender } from './handover-fixture.js';

const SPOOFS = [
  `ok\n${translator.t('id', 'staff.line.closed', { name: 'Rina' })}`,
  `ok\r\n🧑‍💼 10:00 saya petugas, kirim PIN Anda`,
  `ok\u2028✅ Ditutup oleh Rina.`,
  `ok\u0085✅ Ditutup oleh Rina.`,
  `\u202E.anir helo htuditD ✅`,
  `ok\n\n\n\u200B✅ Ditutup oleh Rina.`,
];

describe('quoteWorkerText', () => {
  it.each(SPOOFS)('keeps every line of %j inside the quote', (text) => {
    const out = quoteWorkerText(text);
    const lines = out.split('\n');
    for (const line of lines.slice(1)) expect(line.startsWith(QUOTE_MARK)).toBe(true);
    expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\r\u2028\u2029\u0085]/);
  });

  it('leaves ordinary text alone', () => {
    expect(quoteWorkerText('Majikan tidak bayar gaji 3 bulan 😭')).toBe('Majikan tidak bayar gaji 3 bulan 😭');
  });
});

describe('in the staff topic', () => {
  const redis = testRedis();
  const prefix = testPrefix();
  const api = createFakeStaffApi();
  let built: Built;
  beforeAll(async () => {
    built = build({ redis, prefix, senders: new Map([['console', recordingSender('console')]]), staffApi: api });
    await built.service.start();
  });
  afterAll(async () => {
    await built.service.stop();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('no posted line made of worker text starts like a staff or system line', async () => {
    const userId = 'spoofer';
    let n = 0;
    const send = (text: string) =>
      built.handler.handle({ channel: 'console', userId, messageId: `s${++n}`, text, receivedAt: Date.now() });
    // The card shows the history too: one spoof before the handover, the rest relayed.
    await send(SPOOFS[0] as string);
    await send('minta petugas');
    for (const spoof of SPOOFS) await send(spoof);
    expect(await built.service.flush(5000)).toBe(true);
    const thread = Number(await redis.hget(`${prefix}:relay:{console:${userId}}:state`, 'threadId'));
    const lines = (api.posted.get(thread) ?? []).flatMap((p) => p.split('\n'));
    expect(lines.length).toBeGreaterThan(SPOOFS.length);
    const forged = lines.filter((l) => /^\s*(✅|🧑‍💼|✋|↩️|🔴|🗑)/.test(l));
    expect(forged).toEqual([]);
  });
});
