/**
 * `/webhooks/whatsapp`: Meta's GET verification handshake and the signed POSTs.
 * - GET answers `hub.challenge` only for `hub.mode=subscribe` with our verify token.
 * - POST is refused (401) without a valid `X-Hub-Signature-256` over the raw body, before
 *   anything in it is trusted; a valid one is acknowledged at once (200) and handled after,
 *   because Meta redelivers anything not acknowledged quickly, for days.
 */
import { timingSafeEqual } from 'node:crypto';
import type { HttpMethod, RouteHandler } from '../../http/http-server.js';
import { parseJsonBody } from '../../http/request-body.js';
import { type WebhookPayload, webhookPayloadSchema } from './webhook-schema.js';
import { SIGNATURE_HEADER, verifySignature } from './webhook-signature.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

export interface CloudWebhookOptions {
  appSecret: string;
  verifyToken: string;
  /** False while stopping: Meta then gets 503 and delivers again later. */
  accepting: () => boolean;
  /** Takes a verified payload; must not throw (work continues after the 200). */
  accept: (payload: WebhookPayload) => void;
  /** A refused request, for logs and metrics (never with its content). */
  onRefused?: (reason: 'signature' | 'payload' | 'verify') => void;
}

export interface CloudWebhookRoute {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
}

export function createCloudWebhookRoutes(options: CloudWebhookOptions): CloudWebhookRoute[] {
  const verifyToken = Buffer.from(options.verifyToken, 'utf8');
  return [
    {
      method: 'GET',
      path: WEBHOOK_PATH,
      handler(req) {
        const mode = req.query.get('hub.mode');
        const token = Buffer.from(req.query.get('hub.verify_token') ?? '', 'utf8');
        const challenge = req.query.get('hub.challenge') ?? '';
        const tokenOk = token.length === verifyToken.length && timingSafeEqual(token, verifyToken);
        if (mode !== 'subscribe' || !tokenOk || !/^[\x21-\x7e]{1,200}$/.test(challenge)) {
          options.onRefused?.('verify');
          return { status: 403, body: { error: 'forbidden' } };
        }
        return { status: 200, body: challenge, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      },
    },
    {
      method: 'POST',
      path: WEBHOOK_PATH,
      async handler(req) {
        const raw = await req.raw();
        if (!verifySignature(raw, req.headers[SIGNATURE_HEADER], options.appSecret)) {
          options.onRefused?.('signature');
          return { status: 401, body: { error: 'bad signature' } };
        }
        if (!options.accepting()) return { status: 503, body: { error: 'stopping' } };
        const parsed = webhookPayloadSchema.safeParse(parseJsonBody(raw));
        if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') {
          // Signed by Meta but not a shape we know: acknowledged, so it is not redelivered for days.
          options.onRefused?.('payload');
          return { status: 200, body: '' };
        }
        options.accept(parsed.data);
        return { status: 200, body: '' };
      },
    },
  ];
}
