/**
 * What a Graph API failure means for the bot. Meta's error codes:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
import { ChannelError } from '../../errors.js';

export type GraphErrorKind =
  /** Rate limits: wait and retry. */
  | 'throttled'
  /** Meta's side or the network: retry with backoff. */
  | 'temporary'
  /** 131047: more than 24 hours since the user's last message; only templates may be sent. */
  | 'window_closed'
  /** The user cannot receive messages (blocked the number, no WhatsApp, not in the test list). */
  | 'unreachable'
  /** The access token expired or lacks permission: an operator must act. */
  | 'auth'
  /** Anything else (a malformed request): retrying would fail the same way. */
  | 'permanent';

const THROTTLED = new Set([4, 80007, 130429, 131048, 131056]);
const TEMPORARY = new Set([1, 2, 131000, 131016, 133004]);
const UNREACHABLE = new Set([131026, 131030, 131050, 131049]);
const AUTH = new Set([0, 3, 10, 190, 200]);

export class GraphApiError extends ChannelError {
  constructor(
    public readonly kind: GraphErrorKind,
    public readonly status: number,
    public readonly code: number | undefined,
    message: string,
  ) {
    super('whatsapp-cloud', message);
    this.name = 'GraphApiError';
  }

  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'temporary';
  }
}

/** Classifies an HTTP status and Meta's error code (when the body had one). */
export function classifyGraphError(status: number, code: number | undefined): GraphErrorKind {
  if (code !== undefined) {
    if (code === 131047) return 'window_closed';
    if (THROTTLED.has(code)) return 'throttled';
    if (UNREACHABLE.has(code)) return 'unreachable';
    if (TEMPORARY.has(code)) return 'temporary';
    if (AUTH.has(code)) return 'auth';
  }
  if (status === 429) return 'throttled';
  if (status >= 500) return 'temporary';
  if (status === 401 || status === 403) return 'auth';
  return 'permanent';
}
