/** What every scenario needs: a private Redis, folders, and bot/worker processes with one environment. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from '../../../src/core/messages.js';
import { Child, type Sent } from './child-process.js';
import { FaultRedis } from './fault-redis.js';

export const BOT_ENTRY = 'test/faults/entries/bot-entry.ts';
export const WORKER_ENTRY = 'test/faults/entries/worker-entry.ts';

export interface Kit {
  redis: FaultRedis;
  dir: string;
  spoolDir: string;
  logDir: string;
  redisPrefix: string;
  queuePrefix: string;
  env: Record<string, string>;
  bot(name: string, extraEnv?: Record<string, string>): Child;
  worker(name: string, tunables?: { lockDurationMs?: number; stalledIntervalMs?: number; concurrency?: number }): Child;
  children: Child[];
  /** Exits nobody asked for, across all children. */
  unexpectedExits(): string[];
  unhandledRejections(): Promise<number>;
  close(): Promise<void>;
}

export async function createKit(name: string, botEnv: Record<string, string> = {}): Promise<Kit> {
  const redis = await FaultRedis.create('aof');
  const dir = mkdtempSync(join(tmpdir(), `faults-${name}-`));
  const spoolDir = join(dir, 'spool');
  const logDir = join(process.cwd(), 'var', 'faults-logs', name);
  mkdirSync(spoolDir, { recursive: true });
  const redisPrefix = `faults-${name}`;
  const queuePrefix = `faultsq-${name}`;
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: redisPrefix,
    QUEUE_PREFIX: queuePrefix,
    SPOOL_DIR: spoolDir,
    HTTP_ENABLED: 'false',
    WORKER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    NODE_ENV: 'test',
    TELEGRAM_BOT_TOKEN: '',
    WHATSAPP_ENABLED: 'false',
    STAFF_CHAT_ID: '',
    ...botEnv,
  };
  const children: Child[] = [];
  return {
    redis,
    dir,
    spoolDir,
    logDir,
    redisPrefix,
    queuePrefix,
    env,
    children,
    bot(childName, extraEnv = {}) {
      const c = new Child({ name: childName, entry: BOT_ENTRY, env: { ...env, ...extraEnv }, logDir });
      children.push(c);
      return c;
    },
    worker(childName, tunables = {}) {
      const c = new Child({
        name: childName,
        entry: WORKER_ENTRY,
        env,
        args: [JSON.stringify(tunables)],
        logDir,
      });
      children.push(c);
      return c;
    },
    unexpectedExits: () => children.flatMap((c) => c.unexpectedExits),
    async unhandledRejections() {
      let n = 0;
      for (const c of children) if (c.alive) n += (await c.stats())?.unhandledRejections ?? 0;
      return n;
    },
    async close() {
      await Promise.all(children.map((c) => c.kill()));
      await redis.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bot's Telegram channel against the fake Bot API, by long polling. */
export function pollingEnv(fake: { token: string; apiRoot: string }): Record<string, string> {
  return { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
}

export const WEBHOOK_SECRET = 'faults-webhook-secret-0123456789';

/** ...by webhook on `port` (path /telegram); post updates to `webhookUrl(port)`. */
export function webhookEnv(fake: { token: string; apiRoot: string }, port: number): Record<string, string> {
  return {
    ...pollingEnv(fake),
    TELEGRAM_WEBHOOK_URL: 'https://faults.invalid/telegram',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    HTTP_ENABLED: 'true',
    HTTP_PORT: String(port),
  };
}

export const webhookUrl = (port: number) => `http://127.0.0.1:${port}/telegram`;

let counter = 0;
/** A console message as the terminal channel builds it. */
export function consoleMessage(userId: string, text: string): IncomingMessage {
  counter += 1;
  return {
    channel: 'console',
    userId,
    messageId: `f-${Date.now().toString(36)}-${counter}`,
    text,
    receivedAt: Date.now(),
  };
}

export const sender =
  (bot: Child, userId: string, timeoutMs = 30_000) =>
  (text: string): Promise<Sent> =>
    bot.handle(consoleMessage(userId, text), timeoutMs);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
