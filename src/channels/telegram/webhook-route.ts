/**
 * The webhook endpoint. Telegram proves itself with the secret token header; anything else
 * gets 401 before the body is read. An update is answered as soon as it is handled, or after
 * `ackTimeoutMs` while handling goes on: a normal update is acknowledged only once handled
 * (so a crash means Telegram sends it again; message ids make that harmless), and a slow one
 * (a Redis hiccup, a 429 wait) never makes Telegram time out and re-send while it still runs.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { HttpMethod, RouteHandler } from '../../http/http-server.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface WebhookRouteOptions {
  path: string;
  secret: string;
  ackTimeoutMs: number;
  /** False while stopping: Telegram then gets 503 and delivers the update again later. */
  accepting: () => boolean;
  /** Handles one update; never rejects. */
  process: (update: Update) => Promise<void>;
}

export interface WebhookRoute {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
}

export function createWebhookRoute(options: WebhookRouteOptions): WebhookRoute {
  const expected = Buffer.from(options.secret, 'utf8');
  return {
    method: 'POST',
    path: options.path,
    async handler(req) {
      const given = req.headers[SECRET_HEADER];
      if (typeof given !== 'string' || !sameSecret(Buffer.from(given, 'utf8'), expected)) {
        return { status: 401, body: { error: 'unauthorized' } };
      }
      if (!options.accepting()) return { status: 503, body: { error: 'stopping' } };
      const parsed = updateShape.safeParse(await req.json());
      if (!parsed.success) return { status: 400, body: { error: 'not an update' } };
      const done = options.process(parsed.data as Update);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.ackTimeoutMs)))]);
      clearTimeout(timer);
      return { status: 200, body: '' };
    },
  };
}

function sameSecret(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The path Telegram posts to: the path part of `TELEGRAM_WEBHOOK_URL`. */
export function webhookPathOf(url: string): string {
  const path = new URL(url).pathname;
  return path === '' ? '/' : path;
}
