/**
 * The Graph API calls of the channel: `POST {root}/{version}/{phone-number-id}/messages` and
 * media downloads by media id. Throttling and temporary errors are retried with exponential
 * backoff and jitter (Retry-After honoured); everything else fails at once with a
 * `GraphApiError` that says what it means. Sending is paced to a per-second budget shared by
 * all chats. The access token is only ever sent to Meta's hosts (the API root and the media
 * URL it returns), never logged.
 */
import { z } from 'zod';
import { classifyGraphError, GraphApiError } from './graph-errors.js';
import type { CloudBody } from './to-outgoing.js';

export interface GraphClientOptions {
  apiRoot: string;
  apiVersion: string;
  token: string;
  phoneNumberId: string;
  sendPerSecond: number;
  /** Attempts per call including the first; default 5. */
  maxAttempts?: number;
  /** First backoff; default 1000 ms, doubled per attempt up to `maxBackoffMs` (default 60 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per request; default 20 s (media: 60 s). */
  timeoutMs?: number;
  /** Called before each retry (logs, metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; kind: string; status: number; code?: number }) => void;
  fetch?: typeof fetch;
}

export type CloudMediaDownload =
  | { data: Buffer; mimeType?: string; fileName?: string }
  | { error: 'too-large' | 'not-found' | 'failed' };

export interface GraphClient {
  /** Sends one message; resolves with Meta's message id. Throws `GraphApiError`. */
  send(to: string, body: CloudBody): Promise<string | undefined>;
  /** Marks a user's message as read (blue ticks); best effort. */
  markRead(messageId: string): Promise<void>;
  /** Fetches media by id within `maxBytes`; never throws. */
  downloadMedia(mediaId: string, maxBytes: number): Promise<CloudMediaDownload>;
}

const errorShape = z.looseObject({
  error: z.looseObject({ code: z.number().optional(), message: z.string().optional() }).optional(),
});
const sendShape = z.looseObject({ messages: z.array(z.looseObject({ id: z.string() })).optional() });
const mediaShape = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string().optional(),
  file_size: z.coerce.number().optional(),
});

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? fetch;
  const base = `${options.apiRoot.replace(/\/+$/, '')}/${options.apiVersion}`;
  const auth = { authorization: `Bearer ${options.token}` };
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const spacingMs = 1000 / options.sendPerSecond;
  let nextSlot = 0;

  /** Waits for the next send slot of the shared per-second budget. */
  async function pace(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacingMs;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }

  async function call(path: string, init: RequestInit): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      let status = 0;
      let code: number | undefined;
      let retryAfterMs: number | undefined;
      let message = '';
      try {
        const res = await doFetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        status = res.status;
        const text = await res.text();
        const json = parseJson(text);
        if (res.ok) return json;
        const parsed = errorShape.safeParse(json);
        code = parsed.success ? parsed.data.error?.code : undefined;
        message = (parsed.success ? parsed.data.error?.message : undefined) ?? `HTTP ${status}`;
        const after = Number(res.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) retryAfterMs = Math.min(after * 1000, maxBackoffMs);
      } catch (err) {
        // No answer at all (DNS, reset, timeout): as temporary as a 503.
        status = 0;
        message = err instanceof Error ? err.name : 'network error';
      }
      const kind = status === 0 ? 'temporary' : classifyGraphError(status, code);
      const error = new GraphApiError(
        kind,
        status,
        code,
        `WhatsApp Cloud API: ${kind} (${status}${code !== undefined ? `/${code}` : ''}): ${message.slice(0, 200)}`,
      );
      if (!error.retryable || attempt >= maxAttempts) throw error;
      const exp = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
      const delayMs = retryAfterMs ?? Math.round(exp / 2 + Math.random() * (exp / 2));
      options.onRetry?.({ attempt, delayMs, kind, status, ...(code !== undefined ? { code } : {}) });
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }

  return {
    async send(to, body) {
      await pace();
      const json = await call(`/${options.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...body }),
      });
      const parsed = sendShape.safeParse(json);
      return parsed.success ? parsed.data.messages?.[0]?.id : undefined;
    },
    async markRead(messageId) {
      await call(`/${options.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: messageId }),
      }).catch(() => undefined);
    },
    async downloadMedia(mediaId, maxBytes) {
      let info: z.infer<typeof mediaShape>;
      try {
        const parsed = mediaShape.safeParse(await call(`/${encodeURIComponent(mediaId)}`, { headers: auth }));
        if (!parsed.success) return { error: 'failed' };
        info = parsed.data;
      } catch (err) {
        return { error: err instanceof GraphApiError && err.status === 404 ? 'not-found' : 'failed' };
      }
      if (info.file_size !== undefined && info.file_size > maxBytes) return { error: 'too-large' };
      try {
        const res = await doFetch(info.url, { headers: auth, signal: AbortSignal.timeout(60_000) });
        if (res.status === 404) return { error: 'not-found' };
        if (!res.ok || !res.body) return { error: 'failed' };
        const declared = Number(res.headers.get('content-length'));
        if (Number.isFinite(declared) && declared > maxBytes) {
          await res.body.cancel();
          return { error: 'too-large' };
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body) {
          size += chunk.byteLength;
          if (size > maxBytes) return { error: 'too-large' };
          chunks.push(Buffer.from(chunk));
        }
        const mimeType = info.mime_type ?? res.headers.get('content-type') ?? undefined;
        return { data: Buffer.concat(chunks, size), ...(mimeType ? { mimeType } : {}) };
      } catch {
        return { error: 'failed' };
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
