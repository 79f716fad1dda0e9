/**
 * How every Bot API call behaves: 429 waits for `retry_after` (@grammyjs/auto-retry), 5xx
 * and network failures are retried a bounded number of times, and errors are described for
 * logs without their payload (a `GrammyError` carries the message text in `payload`).
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { type Api, GrammyError, HttpError, type Transformer } from 'grammy';

export interface ApiPolicyOptions {
  /** A 429 asking for a longer wait fails instead (the update is stale by then). */
  maxRetryDelaySeconds: number;
  /** Retries for 429 and 5xx answers. */
  maxRetryAttempts: number;
  /** Retries for network failures, with backoff from `networkBackoffMs`. */
  networkRetries: number;
  networkBackoffMs: number;
  /** Sees each `getUpdates` outcome, for the channel's health. */
  onPoll?: (error: unknown) => void;
}

export function installApiPolicies(api: Api, options: ApiPolicyOptions): void {
  api.config.use(
    retryNetworkErrors(options.networkRetries, options.networkBackoffMs, options.onPoll),
    // auto-retry's own network retry never gives up; ours above is bounded, so it rethrows here.
    autoRetry({
      maxDelaySeconds: options.maxRetryDelaySeconds,
      maxRetryAttempts: options.maxRetryAttempts,
      rethrowHttpErrors: true,
    }),
  );
}

/**
 * Retries a call that failed on the network. `getUpdates` is left to the runner, which has
 * its own retry loop, and only reported to `onPoll`. A `sendMessage` whose answer was lost
 * may be sent twice: a duplicate reply is better than a lost one.
 */
export function retryNetworkErrors(retries: number, backoffMs: number, onPoll?: (error: unknown) => void): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === 'getUpdates') {
      try {
        const result = await prev(method, payload, signal);
        onPoll?.(result.ok ? undefined : result);
        return result;
      } catch (err) {
        if (!signal?.aborted) onPoll?.(err);
        throw err;
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || attempt >= retries || signal?.aborted) throw err;
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
      }
    }
  };
}

export interface ErrorSummary {
  errName: string;
  method?: string;
  errorCode?: number;
  /** Telegram's description ("Forbidden: bot was blocked by the user"): never user text. */
  description?: string;
}

export function describeError(err: unknown): ErrorSummary {
  if (err instanceof GrammyError) {
    return { errName: err.name, method: err.method, errorCode: err.error_code, description: err.description };
  }
  if (err instanceof HttpError) return { errName: err.name, description: 'network error' };
  if (err instanceof Error) return { errName: err.name };
  if (err && typeof err === 'object' && 'error_code' in err) {
    return { errName: 'ApiError', errorCode: Number((err as { error_code: unknown }).error_code) };
  }
  return { errName: typeof err };
}

/** 403 on a private chat: blocked, deactivated, or never started the bot. */
export function isBlockedError(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 403;
}
