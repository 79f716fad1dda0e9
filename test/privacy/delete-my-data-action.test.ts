import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/core/action-types.js';
import type { IncomingMessage } from '../../src/core/messages.js';
import { createDialogueService } from '../../src/dialogue/dialogue-service.js';
import { createLogger } from '../../src/logger.js';
import { createDataEraser, createRelayHistoryEraser, type DataEraser } from '../../src/privacy/data-eraser.js';
import { createDeleteMyDataAction } from '../../src/privacy/delete-my-data-action.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { dumpKeys } from './dump-keys.js';

const redis = testRedis();
const prefix = testPrefix();
const logger = createLogger({ level: 'silent', format: 'json' });

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const ctx = (lang: 'id' | 'en'): ActionContext => ({
  channel: 'telegram',
  userId: '42',
  lang,
  params: {},
  slots: {},
  message: { channel: 'telegram', userId: '42', messageId: '1', receivedAt: 0 },
  now: 0,
});

const fixed = (result: Awaited<ReturnType<DataEraser['erase']>> | Error): DataEraser => ({
  erase: async () => {
    if (result instanceof Error) throw result;
    return result;
  },
});

describe('deleteMyData action', () => {
  it('lists what was deleted in the user language and asks to forget the session', async () => {
    const action = createDeleteMyDataAction(
      fixed({ deleted: ['complaint', 'conversation', 'complaint', 'relay_history'], failed: [] }),
      translator.t,
    );
    const id = await action(ctx('id'));
    expect(id).toMatchObject({ outcome: 'ok', forget: true });
    const text = translator.t('id', id.say?.[0]?.key ?? '', id.say?.[0]?.params);
    expect(text).toContain(
      'percakapan Anda di chat ini, riwayat pesan dengan petugas, dan data pribadi di 2 pengaduan',
    );
    const en = await action(ctx('en'));
    expect(translator.t('en', en.say?.[0]?.key ?? '', en.say?.[0]?.params)).toContain(
      'your conversation in this chat, the message history with staff, and the personal details in 2 complaints',
    );
  });

  it('tells the truth when an area could not be erased', async () => {
    const partial = await createDeleteMyDataAction(
      fixed({ deleted: ['conversation'], failed: ['complaints'] }),
      translator.t,
    )(ctx('id'));
    expect(partial).toMatchObject({ outcome: 'partial', say: [{ key: 'privacy.deleted_partial' }], forget: true });
    const failed = await createDeleteMyDataAction(fixed(new Error('redis down')), translator.t)(ctx('id'));
    expect(failed).toMatchObject({ outcome: 'error', say: [{ key: 'privacy.delete_failed' }] });
  });
});

describe('"hapus data saya" through the dialogue service', () => {
  it('deletes the conversation, says what was deleted, and leaves no key naming the user', async () => {
    const userId = '6281299887766';
    const eraser = createDataEraser({ redis, prefix, logger, erasers: [createRelayHistoryEraser({ redis, prefix })] });
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
      actions: { deleteMyData: createDeleteMyDataAction(eraser, translator.t) },
      logger,
    });
    let n = 0;
    const say = (text: string): Promise<{ replies: { text: string }[] }> =>
      dialogue.handle({
        channel: 'whatsapp',
        userId,
        messageId: `w${++n}`,
        text,
        receivedAt: Date.now(),
      } satisfies IncomingMessage);
    await say('halo');
    await redis.rpush(`${prefix}:relay:{whatsapp:${userId}}:history`, 'pesan ke petugas');
    const ask = await say('hapus data saya');
    expect(ask.replies.map((r) => r.text).join('\n')).toContain(translator.t('id', 'privacy.confirm_delete'));
    const done = await say('ya');
    expect(done.replies.map((r) => r.text).join('\n')).toContain('percakapan Anda di chat ini');
    expect(done.replies.map((r) => r.text).join('\n')).toContain('riwayat pesan dengan petugas');

    const dump = await dumpKeys(redis, `${prefix}:*`);
    // The session must be gone too: this needs the dialogue service to honour `forget`
    // (docs/privacy.md, "What the dialogue service must do").
    expect(dump.text).not.toContain(userId);
    expect(dump.text).not.toContain('pesan ke petugas');
  });
});
