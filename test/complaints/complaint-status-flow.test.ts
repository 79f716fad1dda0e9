import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseStore, createCaseStore } from '../../src/complaints/case-store.js';
import { type ComplaintActions, createComplaintActions } from '../../src/complaints/complaint-actions.js';
import { type ComplaintIntake, createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import type { ActionRegistry } from '../../src/core/action-types.js';
import { ChatDriver, textOf, translator } from './chat-driver.js';
import { cleanPrefix, memoryLogger, prefixes, REDIS_URL, sampleComplaint, tempDir } from './complaint-test-kit.js';

describe('complaint status flow', () => {
  const { redisPrefix, queuePrefix } = prefixes();
  const { logger } = memoryLogger();
  const redis = new Redis(REDIS_URL);
  let intake: ComplaintIntake;
  let cases: CaseStore;
  let actions: ActionRegistry;
  let ticket = '';

  beforeAll(async () => {
    intake = createComplaintIntake({
      connection: REDIS_URL,
      redisPrefix,
      queuePrefix,
      spoolDir: tempDir(),
      logger,
      replayEveryMs: 0,
    });
    cases = createCaseStore({ redis, prefix: redisPrefix, spool: intake.spool });
    actions = createComplaintActions({
      intake,
      cases,
      t: translator.t,
      logger,
    }) satisfies ComplaintActions as unknown as ActionRegistry;
    const complaint = sampleComplaint({ channel: 'telegram' });
    const res = await intake.submit({ complaint, userId: 'owner', pin: '271828' });
    ticket = complaint.ticket;
    expect(res.status).toBe('queued');
  });
  afterAll(async () => {
    await intake.close();
    await cleanPrefix(redis, redisPrefix);
    await cleanPrefix(redis, queuePrefix);
    await redis.quit();
  });

  it('answers "cek status <code>" in the filing chat at once', async () => {
    const chat = new ChatDriver(actions, 'telegram', 'owner');
    const t = await chat.send(`cek status ${ticket}`);
    expect(textOf(t)).toContain(`Laporan ${ticket}`);
    expect(textOf(t)).toContain('sudah diterima');
    expect(t.session.flowId).toBeNull();
  });

  it('asks another chat for the PIN; a wrong PIN gets the same answer as an unknown code', async () => {
    const stranger = new ChatDriver(actions, 'whatsapp', 'stranger');
    const asked = await stranger.send(`cek status ${ticket}`);
    expect(asked.session.node).toBe('ask-pin');
    const wrong = textOf(await stranger.send('111111'));
    const other = new ChatDriver(actions, 'whatsapp', 'stranger-2');
    await other.send('cek status ADU-22222222');
    const unknown = textOf(await other.send('111111'));
    expect(wrong).toBe(unknown);
    expect(wrong).not.toContain(ticket.slice(4));
    await stranger.send(`cek status ${ticket}`);
    const right = await stranger.send('271828');
    expect(textOf(right)).toContain('sudah diterima');
  });

  it('from the menu: asks the code, and "lewati" lists the complaints of this chat', async () => {
    const chat = new ChatDriver(actions, 'telegram', 'owner');
    const asked = await chat.send('cek status');
    expect(asked.session.node).toBe('ask-ticket');
    const listed = textOf(await chat.send('lewati'));
    expect(listed).toContain(ticket);
    const nobody = new ChatDriver(actions, 'telegram', 'nobody');
    await nobody.send('cek status');
    expect(textOf(await nobody.send('lewati'))).toContain('Belum ada laporan');
  });

  it('re-asks a malformed code once, then stops', async () => {
    const chat = new ChatDriver(actions, 'telegram', 'owner');
    await chat.send('cek status');
    const again = await chat.send('ADU-12');
    expect(again.session.node).toBe('ask-ticket-again');
    const stop = await chat.send('ADU-34');
    expect(textOf(stop)).toContain('tidak dikenali');
    expect(stop.session.flowId).toBeNull();
  });
});
