/**
 * Starting while the Bot API cannot be reached: the channel says so in its health and its
 * logs, keeps trying, and comes up when Telegram answers; a bad token still fails at once.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../../src/channels/telegram/telegram-channel.js';
import type { MessageHandler } from '../../../src/core/messages.js';
import { ChannelError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { closeRedis, createRedis } from '../../../src/redis.js';
import { FAKE_TOKEN, startFakeBotApi } from '../../helpers/fake-bot-api.js';

const redis = createRedis('redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}`;
afterAll(async () => {
  await closeRedis(redis);
});

const handler: MessageHandler = { handle: async () => ({ replies: [], duplicate: false }) };

function channelAt(apiRoot: string, lines: string[]) {
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) }, repeats: false });
  return createTelegramChannel({
    token: FAKE_TOKEN,
    apiRoot,
    handler,
    redis,
    redisPrefix: prefix,
    logger,
    options: { startTimeoutMs: 300, startRetryMaxMs: 400, networkRetries: 0 },
  });
}

/** Accepts connections and never answers: a firewall that drops, a hung proxy. */
async function blackhole(): Promise<{ server: Server; url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, sockets };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('telegram channel start', () => {
  it('reports "reconnecting" with the reason and logs a warning while the Bot API does not answer', async () => {
    const hole = await blackhole();
    const lines: string[] = [];
    const channel = channelAt(hole.url, lines);
    const started = channel.start().then(
      () => 'started',
      (err: unknown) => err,
    );
    await until(() => channel.health().state === 'reconnecting');
    expect(channel.health().detail).toMatch(/Bot API unreachable at http:\/\/127\.0\.0\.1:\d+ .*attempt 1/);
    await until(() => lines.filter((l) => /Bot API unreachable at start/.test(l)).length >= 2);
    const warning = JSON.parse(lines.find((l) => /Bot API unreachable at start/.test(l)) ?? '{}');
    expect(warning.level).toBe(40);
    expect(JSON.stringify(warning)).not.toContain(FAKE_TOKEN);
    await channel.stop();
    expect(await started).toBeInstanceOf(ChannelError);
    expect(channel.health().state).toBe('stopped');
    for (const s of hole.sockets) s.destroy();
    await new Promise((r) => hole.server.close(r));
  }, 20_000);

  it('comes up once the Bot API answers again', async () => {
    const api = await startFakeBotApi();
    api.failNext('getMe', { network: true }, { times: 2 });
    const lines: string[] = [];
    const channel = channelAt(api.apiRoot, lines);
    await channel.start();
    expect(channel.health().state).toBe('ready');
    expect(lines.filter((l) => /Bot API unreachable at start/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /Bot API reachable again/.test(l))).toBe(true);
    await channel.stop();
    await api.close();
  }, 20_000);

  it('fails at once on an answer that waiting will not change (bad token)', async () => {
    const api = await startFakeBotApi();
    api.failNext('getMe', { errorCode: 401, description: 'Unauthorized' });
    const channel = channelAt(api.apiRoot, []);
    await expect(channel.start()).rejects.toThrow(/Telegram start failed: 401 Unauthorized/);
    expect(channel.health().state).toBe('failed');
    expect(api.callsTo('getMe')).toHaveLength(1);
    await api.close();
  });
});
