/**
 * Redis in trouble, on a private server: full (noeviction) right after a complaint was safely
 * stored elsewhere, the user still sees their ticket; frozen (connection open, no answers),
 * the user gets an apology instead of waiting forever.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogueService, type DialogueService } from '../../src/dialogue/dialogue-service.js';
import { createLogger } from '../../src/logger.js';
import { createRedis, type RedisClient } from '../../src/redis.js';
import { FaultRedis } from '../faults/lib/fault-redis.js';
import { fakeClassify, repoFlows, translator } from '../helpers/engine-fixtures.js';

const logger = createLogger({ level: 'silent', format: 'json' });
const flows = repoFlows();
let server: FaultRedis;
let admin: Redis;
let redis: RedisClient;

function service(actions = {}): DialogueService {
  return createDialogueService({
    redis,
    prefix: 'trouble',
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
const send = (d: DialogueService, userId: string, text: string) =>
  d.handle({ channel: 'console', userId, messageId: `t${++n}`, text, receivedAt: Date.now() });

beforeAll(async () => {
  server = await FaultRedis.create('none');
  admin = new Redis(server.url);
  redis = createRedis(server.url, { commandTimeoutMs: 500 });
});
afterAll(async () => {
  redis.disconnect();
  admin.disconnect();
  await server.destroy();
});

describe('Redis in trouble', () => {
  it('full after the complaint was stored: the user sees the ticket and an honest note', async () => {
    // The committed action stands in for the complaint intake: stored, then Redis fills up.
    const d = service({
      deleteMyData: async () => {
        await admin.config('SET', 'maxmemory-policy', 'noeviction');
        await admin.config('SET', 'maxmemory', '1');
        return {
          outcome: 'ok',
          committed: true,
          say: [{ key: 'complaint.spooled', params: { ticket: 'ADU-7K3Q9X2M', pin: '123456' } }],
        };
      },
    });
    await send(d, 'full', 'hapus data saya');
    const r = await send(d, 'full', 'ya');
    await admin.config('SET', 'maxmemory', '0');
    const text = r.replies.map((m) => m.text).join('\n');
    expect(text).toContain('ADU-7K3Q9X2M');
    expect(text).toContain(translator.t('id', 'common.saved_elsewhere'));
    expect(text).not.toContain(translator.t('id', 'common.action_failed'));
  });

  it('full while the replies go out: no repeat of them, an honest note that the chat was not saved', async () => {
    const d = service();
    await send(d, 'late-full', 'halo');
    const delivered: string[] = [];
    const r = await d.handle(
      { channel: 'console', userId: 'late-full', messageId: `t${++n}`, text: 'menu', receivedAt: Date.now() },
      {
        deliver: async (replies) => {
          delivered.push(...replies.map((m) => m.text));
          await admin.config('SET', 'maxmemory-policy', 'noeviction');
          await admin.config('SET', 'maxmemory', '1');
        },
      },
    );
    await admin.config('SET', 'maxmemory', '0');
    expect(delivered.length).toBeGreaterThan(0);
    expect(r.replies.map((m) => m.text)).toEqual([translator.t('id', 'common.reply_not_saved')]);
  });

  it('frozen: the message gets the apology instead of hanging', async () => {
    const d = service();
    await send(d, 'frozen', 'halo');
    server.freeze();
    try {
      const r = await Promise.race([
        send(d, 'frozen', 'menu'),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
      ]);
      expect(r?.replies.map((m) => m.text)).toEqual([translator.t('id', 'common.action_failed')]);
    } finally {
      server.thaw();
    }
  }, 30_000);
});
