/**
 * The optional webhook (COMPLAINT_WEBHOOK_URL): the case is POSTed as JSON, signed with
 * HMAC-SHA256 of the exact body bytes in `X-Signature-SHA256: sha256=<hex>`, and carries the
 * complaint id as `Idempotency-Key`, so the receiver can drop the repeats that retries cause.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Signature-SHA256';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface WebhookConfig {
  url: string;
  secret: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifySignature(body: string, secret: string, header: string | undefined | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** POSTs once; throws WebhookError on a network failure or a non-2xx answer (BullMQ retries). */
export async function postWebhook(config: WebhookConfig, idempotencyKey: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(body, config.secret),
        [IDEMPOTENCY_HEADER]: idempotencyKey,
      },
      body,
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new WebhookError(`webhook request failed: ${(err as Error).name}`);
  }
  // Drain the body so the connection can be reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new WebhookError(`webhook answered ${res.status}`, res.status);
}
