/** "Nomor lain" in the complaint flow: a number that is no phone number is asked again, a good one is normalised. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import type { ActionRegistry } from '../../src/core/action-types.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, tempDir } from './complaint-test-kit.js';

const { redisPrefix, queuePrefix } = prefixes();
const { logger } = memoryLogger();
const redis = new Redis(REDIS_URL);
const intake = createComplaintIntake({
  connection: REDIS_URL,
  redisPrefix,
  queuePrefix,
  spoolDir: tempDir(),
  logger,
  replayEveryMs: 0,
});
const actions = createComplaintActions({
  intake,
  cases: createCaseStore({ redis, prefix: redisPrefix }),
  t: translator.t,
  logger,
}) as unknown as ActionRegistry;

afterAll(async () => {
  await intake.close();
  await cleanPrefix(redis, redisPrefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
});

describe('contact number in the complaint', () => {
  it('refuses what is not a phone number, offers to retype or choose another way, and stores E.164', async () => {
    const chat = new ChatDriver(actions, 'console', 'user-number');
    await chat.send('gaji sy blm dibayar 3 bulan'); // category and country (TW) from the message
    await chat.send('ya');
    await chat.send('1'); // self
    await chat.send('Majikan tidak bayar gaji sejak Agustus.');
    await chat.send('lewati');
    const asked = await chat.send('2'); // another number
    expect(asked.session.node).toBe('ask-contact-number');
    const bad = await chat.send('besok saja');
    expect(bad.session.node).toBe('contact-number-invalid');
    expect(textOf(bad)).toContain(translator.t('id', 'complaint.contact_number_invalid'));
    expect(bad.replies.at(-1)?.choices?.map((c) => c.id)).toEqual(['other_number', 'this_chat', 'safe_time']);
    expect(bad.session.slots.contactValue ?? null).toBeNull();
    await chat.send('1'); // type it again
    // Without a country code: a number of the complaint's country (Taiwan).
    const good = await chat.send('0912 345 678');
    expect(good.session.slots.contactValue).toBe('+886912345678');
    const summary = await chat.send('ya'); // consent
    expect(textOf(summary)).toContain('+886912345678');
  });

  it('lets the worker give up on the number and be reached in this chat', async () => {
    const chat = new ChatDriver(actions, 'console', 'user-no-number');
    for (const m of ['gaji sy blm dibayar 3 bulan', 'ya', '1', 'Majikan tidak bayar gaji.', 'lewati', '2', '12345']) {
      await chat.send(m);
    }
    const other = await chat.send('2'); // this chat
    expect(other.session.slots.contactMethod).toBe('this_chat');
    expect(other.session.node).toBe('ask-consent');
  });
});
