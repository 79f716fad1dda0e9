import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/core/messages.js';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import { createDialogueService, type DialogueService } from '../../src/dialogue/dialogue-service.js';
import { createLogger } from '../../src/logger.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const logger = createLogger({ level: 'silent', format: 'json' });
const flows = repoFlows();

function service(actions = {}): DialogueService {
  return createDialogueService({
    redis,
    prefix,
    sessionTtlSeconds: 3600,
    flows,
    translator,
    nlu: { classify: fakeClassify, normalize: (t) => t, matchCountry: () => null },
    emergencyContacts: () => ['handover.requested'],
    settings: { formTimeoutMs: 3_600_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' },
    defaultLanguage: 'id',
    actions: { deleteMyData: async () => ({ outcome: 'ok' }), ...actions },
    logger,
  });
}

let n = 0;
const m = (userId: string, text: string, messageId = `id-${++n}`): IncomingMessage => ({
  channel: 'console',
  userId,
  messageId,
  text,
  receivedAt: Date.now(),
});

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('dialogue service', () => {
  it('keeps the session in Redis between messages', async () => {
    const svc = service();
    const r1 = await svc.handle(m('a', 'ganti bahasa'));
    expect(r1.state).toMatchObject({ flow: 'language', node: 'ask', mode: 'bot' });
    const r2 = await svc.handle(m('a', '2'));
    expect(r2.state?.intent).toBeNull();
    expect((await svc.peek({ channel: 'console', userId: 'a' }))?.lang).toBe('en');
    const ttl = await redis.ttl(conversationKeys(prefix, 'console', 'a').session);
    expect(ttl).toBeGreaterThan(3000);
  });

  it('processes a message id seen twice once', async () => {
    const svc = service();
    const first = await svc.handle(m('b', 'halo', 'same'));
    const second = await svc.handle(m('b', 'halo', 'same'));
    expect(first.duplicate).toBe(false);
    expect(first.replies.length).toBeGreaterThan(0);
    expect(second).toEqual({ replies: [], duplicate: true });
  });

  it('orders messages of one conversation across two service instances', async () => {
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 50));
      return { outcome: 'ok' };
    };
    const one = service({ deleteMyData: slow });
    const two = service({ deleteMyData: slow });
    await one.handle(m('c', 'hapus data'));
    // Both processes race; the lock makes them run one after the other on the same session.
    const [r1, r2] = await Promise.all([one.handle(m('c', 'ya')), two.handle(m('c', 'halo'))]);
    const nodes = [r1.state?.flow, r2.state?.flow];
    expect(nodes).toContain('main-menu');
    const session = await one.peek({ channel: 'console', userId: 'c' });
    expect(session?.flowId).toBe('main-menu');
  });

  it('delivers replies under the lock, so a second process cannot overtake them', async () => {
    const one = service();
    const two = service();
    const sent: string[] = [];
    const slowDeliver = async (replies: { text: string }[]) => {
      await new Promise((r) => setTimeout(r, 80));
      sent.push(`first:${replies.length}`);
    };
    const fastDeliver = async (replies: { text: string }[]) => {
      sent.push(`second:${replies.length}`);
    };
    const first = one.handle(m('o', 'halo'), { deliver: slowDeliver });
    await new Promise((r) => setTimeout(r, 10));
    const second = two.handle(m('o', 'ganti bahasa'), { deliver: fastDeliver });
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.delivered).toBe(true);
    expect(r2.delivered).toBe(true);
    expect(sent.map((x) => x.split(':')[0])).toEqual(['first', 'second']);
  });

  it('resets a corrupt session with an apology and carries on', async () => {
    const svc = service();
    await redis.set(conversationKeys(prefix, 'console', 'd').session, '{"v":99,"garbage":true}');
    const r = await svc.handle(m('d', 'halo'));
    expect(r.replies[0]?.text).toBe(translator.t('id', 'common.session_reset'));
    expect(r.replies.length).toBeGreaterThan(1);
    expect((await svc.peek({ channel: 'console', userId: 'd' }))?.v).toBe(1);
  });

  it('turns a crashing action into an honest answer and keeps the conversation usable', async () => {
    const svc = service({
      deleteMyData: async () => {
        throw new Error('boom');
      },
    });
    await svc.handle(m('e', 'hapus data'));
    const r = await svc.handle(m('e', 'ya'));
    expect(r.replies.map((x) => x.text)).toContain(translator.t('id', 'common.action_failed'));
    const again = await svc.handle(m('e', 'halo'));
    expect(again.state?.flow).toBe('main-menu');
  });

  it('drops an invalid incoming message without throwing', async () => {
    const svc = service();
    const r = await svc.handle({ channel: 'console', userId: '', messageId: 'x', receivedAt: 0 } as IncomingMessage);
    expect(r).toEqual({ replies: [], duplicate: false });
  });
});
