/**
 * A small WhatsApp Cloud API (Graph API) server on 127.0.0.1 for tests and benches: it takes
 * `POST /{version}/{phone-number-id}/messages` with the Bearer token, records each message,
 * serves media by id (`GET /{version}/{media-id}` -> a URL on the same server, which needs
 * the token too), and can fail chosen calls with Meta's error shape (429 throttling, 131047
 * outside the window, 131026 undeliverable, 500...). It also signs and posts webhook payloads
 * to the bot, as Meta does.
 *
 *   const graph = await startFakeGraphApi();
 *   // WHATSAPP_CLOUD_API_ROOT=graph.apiRoot, WHATSAPP_CLOUD_TOKEN=graph.token
 *   await postWebhook(webhookUrl, webhookPayload([textMessage('6281234', 'halo')]));
 *   const [sent] = await graph.waitForMessages(1);
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_GRAPH_TOKEN = 'EAAGfakeTokenForTestsOnly0123456789abcdef';
export const FAKE_PHONE_NUMBER_ID = '109876543210987';
export const FAKE_APP_SECRET = 'fake-app-secret-0123456789abcdef';
export const FAKE_VERIFY_TOKEN = 'fake-verify-token-0123456789';
export const FAKE_VERSION = 'v23.0';

export interface SentMessage {
  to: string;
  type: string;
  body: Record<string, unknown>;
  at: number;
}

export interface GraphFailure {
  status: number;
  code?: number;
  retryAfterSeconds?: number;
}

export interface FakeGraphApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly sent: readonly SentMessage[];
  /** Every request: method and path (media downloads included), for auth and retry checks. */
  readonly requests: readonly { method: string; path: string; auth: string | undefined; at: number }[];
  sentTo(to: string): SentMessage[];
  waitForMessages(n: number, timeoutMs?: number, to?: string): Promise<SentMessage[]>;
  /** The next `times` message sends fail like this. */
  failNext(failure: GraphFailure, times?: number): void;
  addMedia(id: string, data: Buffer, mimeType: string, options?: { reportedSize?: number }): void;
  close(): Promise<void>;
}

export async function startFakeGraphApi(options: { token?: string; delayMs?: number } = {}): Promise<FakeGraphApi> {
  const token = options.token ?? FAKE_GRAPH_TOKEN;
  const sent: SentMessage[] = [];
  const requests: { method: string; path: string; auth: string | undefined; at: number }[] = [];
  const failures: GraphFailure[] = [];
  const media = new Map<string, { data: Buffer; mimeType: string; reportedSize?: number }>();
  const waiters = new Set<() => void>();
  let root = '';
  let nextId = 1;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, auth, at: Date.now() });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (auth !== `Bearer ${token}`) {
      json(res, 401, { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
      return;
    }
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      if (body.status === 'read') {
        json(res, 200, { success: true });
        return;
      }
      const failure = failures.shift();
      if (failure) {
        json(
          res,
          failure.status,
          { error: { message: 'fake failure', type: 'OAuthException', code: failure.code ?? failure.status } },
          failure.retryAfterSeconds ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
        );
        return;
      }
      if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || typeof body.type !== 'string') {
        json(res, 400, { error: { message: 'bad request', code: 100 } });
        return;
      }
      sent.push({ to: body.to, type: body.type, body, at: Date.now() });
      for (const w of waiters) w();
      json(res, 200, { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${nextId++}` }] });
      return;
    }
    if (req.method === 'GET' && parts[0] === 'media-bin' && parts[1]) {
      const m = media.get(parts[1]);
      if (!m) return json(res, 404, { error: { message: 'gone', code: 131052 } });
      res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.data.length) });
      res.end(m.data);
      return;
    }
    if (req.method === 'GET' && parts.length === 2) {
      const id = decodeURIComponent(parts[1] ?? '');
      const m = media.get(id);
      if (!m) return json(res, 404, { error: { message: 'Unsupported get request', code: 100 } });
      json(res, 200, {
        messaging_product: 'whatsapp',
        url: `${root}/media-bin/${encodeURIComponent(id)}`,
        mime_type: m.mimeType,
        file_size: m.reportedSize ?? m.data.length,
        id,
      });
      return;
    }
    json(res, 404, { error: { message: 'unknown path', code: 100 } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: { message: 'fake crashed', code: 1 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot: root,
    token,
    sent,
    requests,
    sentTo: (to) => sent.filter((m) => m.to === to),
    waitForMessages(n, timeoutMs = 8000, to) {
      const count = () => (to ? sent.filter((m) => m.to === to) : sent);
      return new Promise((resolve, reject) => {
        const check = () => {
          const list = count();
          if (list.length >= n) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(list);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${n} messages (got ${count().length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    addMedia(id, data, mimeType, opts = {}) {
      media.set(id, {
        data,
        mimeType,
        ...(opts.reportedSize !== undefined ? { reportedSize: opts.reportedSize } : {}),
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the user's phone sends, as Meta wraps it in a webhook payload. */
export function webhookPayload(
  messages: Record<string, unknown>[],
  statuses: Record<string, unknown>[] = [],
  phoneNumberId = FAKE_PHONE_NUMBER_ID,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
              ...(messages.length > 0
                ? { contacts: [{ profile: { name: 'Test User' }, wa_id: messages[0]?.from }], messages }
                : {}),
              ...(statuses.length > 0 ? { statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

let seq = 0;
/** A text message from `from`, with a fresh wamid unless given. */
export function textMessage(from: string, body: string, id?: string): Record<string, unknown> {
  seq += 1;
  return {
    from,
    id: id ?? `wamid.IN${Date.now()}${seq}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: 'text',
    text: { body },
  };
}

/** POSTs a payload to the bot's webhook, signed with `appSecret` (or with `signature` as given). */
export async function postWebhook(
  url: string,
  payload: unknown,
  options: { appSecret?: string; signature?: string | null } = {},
): Promise<Response> {
  const raw = JSON.stringify(payload);
  const signature =
    options.signature !== undefined
      ? options.signature
      : `sha256=${createHmac('sha256', options.appSecret ?? FAKE_APP_SECRET)
          .update(raw)
          .digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body: raw,
  });
}
