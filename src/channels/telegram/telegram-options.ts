/** Tunables of the Telegram channel; the defaults suit the public Bot API. */
export interface TelegramChannelOptions {
  /** Long-polling wait per `getUpdates` call. Default 30. */
  pollingTimeoutSeconds: number;
  /** Updates handled at once across chats (runner sink). Default 500. */
  concurrency: number;
  /** Largest file `downloadMedia` fetches. Default 20 MiB (the public Bot API limit). */
  maxDownloadBytes: number;
  /** Webhook requests are answered after this even if handling goes on. Default 2000. */
  webhookAckTimeoutMs: number;
  /** `stop()` waits at most this long for in-flight updates. Default 10000. */
  stopTimeoutMs: number;
  /** "typing…" is shown only when a reply takes longer than this. Default 1000. */
  typingAfterMs: number;
  /** A 429 asking for a longer wait is not retried. Default 120. */
  maxRetryDelaySeconds: number;
  /** Network retries per API call (backoff from 250 ms). Default 3. */
  networkRetries: number;
  /** Keep-alive connections to the Bot API; more requests wait for a free one. Default 64. */
  maxConnections: number;
  /** One start attempt (getMe, webhook set-up) gives up after this. Default 15000. */
  startTimeoutMs: number;
  /** Start attempts that failed on the network are retried, backing off up to this. Default 60000. */
  startRetryMaxMs: number;
  /** Longest wait between polling restarts after a 409 (another process polls with this token). */
  conflictRetryMaxMs: number;
  /** A 409 lasting this long ends the process (`onFatal`), so the supervisor restarts it. */
  conflictGiveUpMs: number;
}

export const TELEGRAM_DEFAULTS: TelegramChannelOptions = {
  pollingTimeoutSeconds: 30,
  concurrency: 500,
  maxDownloadBytes: 20 * 1024 * 1024,
  webhookAckTimeoutMs: 2000,
  stopTimeoutMs: 10_000,
  typingAfterMs: 1000,
  maxRetryDelaySeconds: 120,
  networkRetries: 3,
  maxConnections: 64,
  startTimeoutMs: 15_000,
  startRetryMaxMs: 60_000,
  conflictRetryMaxMs: 30_000,
  conflictGiveUpMs: 5 * 60_000,
};
