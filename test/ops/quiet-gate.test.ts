import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogueService } from '../../src/dialogue/dialogue-service.js';
import { createLogger } from '../../src/logger.js';
import { createQuietGate } from '../../src/ops/quiet-gate.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const logger = createLogger({ level: 'silent', format: 'json' });
const dialogue = createDialogueService({
  redis,
  prefix,
  sessionTtlSeconds: 3600,
  flows: repoFlows(),
  translator,
  nlu: { classify: fakeClassify, normalize: (t) => t, matchCountry: () => null },
  emergencyContacts: () => [],
  settings: { formTimeoutMs: 3_600_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' },
  defaultLanguage: 'id',
  actions: { deleteMyData: async () => ({ outcome: 'ok' }) },
  logger,
});

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

let n = 0;
const send = async (userId: string, text: string, choiceId?: string) =>
  (
    await dialogue.handle({
      channel: 'console',
      userId,
      messageId: `q${++n}`,
      ...(choiceId ? { choiceId } : { text }),
      receivedAt: Date.now(),
    })
  ).replies
    .map((r) => r.text)
    .join('\n');

describe('quiet mode', () => {
  it('is switched on from the privacy flow and closes the gate for unsolicited messages', async () => {
    const gate = createQuietGate(dialogue);
    const conv = { channel: 'console' as const, userId: 'shared-phone' };
    await send(conv.userId, 'halo');
    expect(await gate(conv)).toBe(true);
    expect(await send(conv.userId, 'hapus data saya')).toContain(translator.t('id', 'privacy.confirm_delete'));
    const declined = await send(conv.userId, 'tidak');
    expect(declined).toContain(translator.t('id', 'privacy.kept'));
    expect(declined).toContain(translator.t('id', 'privacy.offer_quiet'));
    expect(await send(conv.userId, 'ya')).toContain(translator.t('id', 'privacy.quiet.now_quiet'));
    expect((await dialogue.peek(conv))?.prefs.quiet).toBe(true);
    expect(await gate(conv)).toBe(false);
  });

  it('is switched off again from the privacy menu', async () => {
    const gate = createQuietGate(dialogue);
    const conv = { channel: 'console' as const, userId: 'menu-user' };
    await dialogue.update(conv, (s) => ({ ...s, prefs: { quiet: true, langAuto: true } }));
    expect(await gate(conv)).toBe(false);
    await send(conv.userId, 'menu');
    // A tapped menu button (the label "Hapus data saya" typed out would read as the delete intent).
    const privacyMenu = await send(conv.userId, '', 'privacy');
    expect(privacyMenu).toContain(translator.t('id', 'privacy.menu_prompt'));
    expect(await send(conv.userId, '', 'quiet')).toContain(translator.t('id', 'privacy.quiet.ask'));
    expect(await send(conv.userId, translator.t('id', 'privacy.quiet.choice_on'))).toContain(
      translator.t('id', 'privacy.quiet.now_loud'),
    );
    expect(await gate(conv)).toBe(true);
  });

  it('lets messages through for unknown conversations unless told otherwise, and stays quiet when Redis fails', async () => {
    const conv = { channel: 'telegram' as const, userId: 'never-seen' };
    expect(await createQuietGate(dialogue)(conv)).toBe(true);
    expect(await createQuietGate(dialogue, { whenUnknown: 'deny' })(conv)).toBe(false);
    const broken = { peek: () => Promise.reject(new Error('redis down')) };
    expect(await createQuietGate(broken)(conv)).toBe(false);
  });
});
