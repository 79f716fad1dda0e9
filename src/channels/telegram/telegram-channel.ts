/**
 * The Telegram channel: long polling (grammY runner) by default, a webhook when configured.
 * It converts updates to `IncomingMessage`, hands them to the dialogue service one at a time
 * per chat, and sends the replies. No dialogue logic lives here.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { type Api, Bot, type Context, GrammyError, HttpError } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { ChannelAdapter, ChannelState, MediaRef, MessageHandler, OutgoingMessage } from '../../core/messages.js';
import { ChannelError } from '../../errors.js';
import type { HttpServer } from '../../http/http-server.js';
import { hashUserId, type Logger } from '../../logger.js';
import type { RedisClient } from '../../redis.js';
import { describeError, installApiPolicies } from './api-policies.js';
import { createMediaDownloader, type DownloadResult } from './download-media.js';
import { createInactiveUsers } from './inactive-users.js';
import { createRecentIds } from './recent-ids.js';
import { createMessageSender, type SendOptions, type SendOutcome } from './send-messages.js';
import { TELEGRAM_DEFAULTS, type TelegramChannelOptions } from './telegram-options.js';
import { ALLOWED_UPDATES } from './to-incoming.js';
import { createUpdateProcessor, type StaffHandler } from './update-processor.js';
import { createWebhookRoute, webhookPathOf } from './webhook-route.js';

export interface TelegramChannelDeps {
  token: string;
  handler: MessageHandler;
  redis: RedisClient;
  /** `REDIS_PREFIX`; a blocked user is marked in `<prefix>:conv:{telegram:<id>}:unreachable`. */
  redisPrefix: string;
  logger: Logger;
  /** `TELEGRAM_API_ROOT`; default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode when set; the route is mounted on `server` at the URL's path. */
  webhook?: { url: string; secret: string; server: HttpServer };
  /** `STAFF_CHAT_ID`: messages from this group go to the staff handler, all other groups are ignored. */
  staffChatId?: string;
  staffHandler?: StaffHandler;
  /** Known bot identity: skips `getMe` (tests, bench). */
  botInfo?: UserFromGetMe;
  /** `PSEUDONYM_SECRET`, for hashed user ids in logs. */
  pseudonymSecret?: string;
  now?: () => number;
  options?: Partial<TelegramChannelOptions>;
  /** The channel cannot go on (polling refused with 409 for too long): the process should exit. */
  onFatal?: (err: Error) => void;
}

export interface TelegramChannel extends ChannelAdapter {
  readonly channel: 'telegram';
  readonly mode: 'polling' | 'webhook';
  /** The raw Bot API, for Telegram-specific code in `src/channels/telegram/` (the staff console). */
  readonly api: Api;
  /** Fetches a file a user sent; never throws. */
  downloadMedia(ref: MediaRef): Promise<DownloadResult>;
  /** Sends to any chat (the staff group, a topic), without the inactive-user check of `send`. */
  sendToChat(chatId: number | string, messages: OutgoingMessage[], options?: SendOptions): Promise<SendOutcome>;
  setStaffHandler(handler: StaffHandler | undefined): void;
  /** Handles one update as if it had been received (webhook requests, tests); never rejects. */
  processUpdate(update: Update): Promise<void>;
}

export type { StaffUpdate } from './to-incoming.js';
export type { StaffHandler, StaffReply } from './update-processor.js';
export type { DownloadResult, SendOptions, SendOutcome, TelegramChannelOptions };

/** A failure that waiting may cure: no answer at all (network, timeout) or a server error. */
function isTransient(err: unknown): boolean {
  if (err instanceof HttpError) return true;
  if (err instanceof GrammyError) return err.error_code >= 500 || err.error_code === 429;
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

export function createTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const opts = { ...TELEGRAM_DEFAULTS, ...deps.options };
  const logger = deps.logger.child({ channel: 'telegram' });
  const apiRoot = (deps.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const mode = deps.webhook ? 'webhook' : 'polling';
  // A bounded pool of keep-alive connections: hundreds of chats replying at once otherwise open
  // (and with TLS, handshake) hundreds of sockets that each carry a request or two.
  const poolOptions = { keepAlive: true, maxSockets: opts.maxConnections, maxFreeSockets: opts.maxConnections };
  const agent = apiRoot.startsWith('https:') ? new HttpsAgent(poolOptions) : new HttpAgent(poolOptions);
  const bot = new Bot(deps.token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    client: { apiRoot, baseFetchConfig: { agent } },
  });
  const hash = (chatId: string) => hashUserId('telegram', chatId, deps.pseudonymSecret);
  const inactive = createInactiveUsers({ redis: deps.redis, prefix: deps.redisPrefix, logger });
  const sender = createMessageSender({ api: bot.api, logger, inactive, hash });

  let state: ChannelState = 'stopped';
  let detail = 'not started';
  let runner: RunnerHandle | undefined;
  let accepting = false;
  let stopping: Promise<void> | undefined;
  let lastUpdateId = -1;
  /** When the current run of 409s (another poller) began. */
  let conflictSince: number | undefined;
  let conflictRetries = 0;
  let conflictTimer: NodeJS.Timeout | undefined;
  const initAbort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const recent = createRecentIds(10_000);

  installApiPolicies(bot.api, {
    maxRetryDelaySeconds: opts.maxRetryDelaySeconds,
    maxRetryAttempts: 3,
    networkRetries: opts.networkRetries,
    networkBackoffMs: 250,
    onPoll(error) {
      if (error === undefined) {
        conflictSince = undefined;
        conflictRetries = 0;
      }
      if (error !== undefined && state === 'ready') {
        state = 'reconnecting';
        detail = 'getUpdates failing';
        logger.warn(describeError(error), 'telegram: polling failed, retrying');
      } else if (error === undefined && state === 'reconnecting') {
        state = 'ready';
        detail = mode;
        logger.info('telegram: polling recovered');
      }
    },
  });

  const processor = createUpdateProcessor({
    api: bot.api,
    handler: deps.handler,
    sender,
    inactive,
    logger,
    hash,
    now: deps.now ?? Date.now,
    staffChatId: deps.staffChatId,
    staffHandler: deps.staffHandler,
    typingAfterMs: opts.typingAfterMs,
  });

  // Per chat (and staff topic) one update at a time, in order; other chats run in parallel.
  const ordered = sequentialize<Context>(
    (ctx) => `${ctx.chatId ?? ctx.from?.id ?? ''}:${ctx.msg?.message_thread_id ?? ''}`,
  );
  bot.use((ctx) => {
    const { update_id } = ctx.update;
    // Telegram re-sends an update it thinks was lost; within this process, once is enough.
    if (!recent.add(update_id)) return;
    lastUpdateId = Math.max(lastUpdateId, update_id);
    const task = processor.process(ctx.update, (work) => ordered(ctx, work));
    inFlight.add(task);
    return task.finally(() => inFlight.delete(task));
  });
  bot.catch((err) => logger.error(describeError(err.error), 'telegram: update failed'));

  if (deps.webhook) {
    const route = createWebhookRoute({
      path: webhookPathOf(deps.webhook.url),
      secret: deps.webhook.secret,
      ackTimeoutMs: opts.webhookAckTimeoutMs,
      accepting: () => accepting,
      process: processUpdate,
    });
    deps.webhook.server.route(route.method, route.path, route.handler);
  }

  function processUpdate(update: Update): Promise<void> {
    return bot.handleUpdate(update).catch((err: unknown) => {
      logger.error(describeError(err), 'telegram: update not handled');
    });
  }

  /**
   * getMe and the webhook set-up, bounded by `signal`. Not `bot.init()`: it retries network
   * failures silently for ever, which left the channel `starting` with no log line.
   * grammY types its signal with a polyfill; the native one works the same.
   */
  async function connect(signal: AbortSignal): Promise<void> {
    if (!bot.isInited()) bot.botInfo = await bot.api.getMe(signal as Parameters<typeof bot.api.getMe>[0]);
    if (deps.webhook) {
      await bot.api.setWebhook(
        deps.webhook.url,
        { secret_token: deps.webhook.secret, allowed_updates: ALLOWED_UPDATES },
        signal as Parameters<typeof bot.api.setWebhook>[2],
      );
    } else {
      // A webhook left over from another deployment would make getUpdates fail with 409.
      await bot.api.deleteWebhook(undefined, signal as Parameters<typeof bot.api.deleteWebhook>[1]);
    }
  }

  /**
   * Connects, retrying while the Bot API cannot be reached (network down, DNS, a proxy's 5xx):
   * restarting would not help, so the channel says `reconnecting` with the reason and logs each
   * retry. An answer that will not change by waiting (bad token: 401, 404) fails at once.
   */
  async function connectWithRetry(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(opts.startTimeoutMs);
      try {
        await connect(AbortSignal.any([initAbort.signal, timeout]));
        if (attempt > 1) logger.info({ attempts: attempt }, 'telegram: Bot API reachable again');
        return;
      } catch (err) {
        if (initAbort.signal.aborted) throw new ChannelError('telegram', 'Telegram start cancelled (stopping)');
        const summary = describeError(err);
        if (!timeout.aborted && !isTransient(err)) {
          state = 'failed';
          detail = 'start failed';
          throw new ChannelError(
            'telegram',
            `Telegram start failed: ${summary.errorCode ?? ''} ${summary.description ?? summary.errName}`.trim(),
            { cause: err },
          );
        }
        const waitMs = Math.min(opts.startRetryMaxMs, 1000 * 2 ** Math.min(attempt - 1, 16));
        state = 'reconnecting';
        const why = timeout.aborted
          ? `no answer within ${opts.startTimeoutMs} ms`
          : (summary.errorCode ?? summary.description ?? summary.errName);
        detail = `Bot API unreachable at ${apiRoot} (${why}); attempt ${attempt}, next in ${Math.round(waitMs / 1000)} s`;
        logger.warn({ ...summary, attempt, retryInMs: waitMs }, 'telegram: Bot API unreachable at start; retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          initAbort.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  async function start(): Promise<void> {
    if (state === 'ready' || state === 'starting' || state === 'reconnecting') return;
    state = 'starting';
    detail = mode;
    await connectWithRetry();
    accepting = true;
    if (!deps.webhook) startPolling();
    state = 'ready';
    logger.info({ mode, bot: bot.botInfo.username }, 'telegram: started');
  }

  function startPolling(): void {
    const current = run(bot, {
      runner: {
        fetch: { timeout: opts.pollingTimeoutSeconds, allowed_updates: ALLOWED_UPDATES },
        silent: true,
      },
      sink: { concurrency: opts.concurrency },
    });
    runner = current;
    current.task()?.catch((err: unknown) => {
      if (!accepting || runner !== current) return;
      if (err instanceof GrammyError && err.error_code === 409) return onConflict(err);
      state = 'failed';
      detail = 'polling stopped';
      logger.error(describeError(err), 'telegram: polling stopped (token revoked?)');
    });
  }

  /**
   * 409: another process polls with this token (a common operator mistake), or a webhook is
   * set. grammY's runner stops for good; the bot would stay alive and deaf. Poll again with
   * backoff, loudly; if it lasts, end the process so the supervisor restarts it (and the
   * operator sees a crash loop instead of a silent bot).
   */
  function onConflict(err: GrammyError): void {
    const now = Date.now();
    conflictSince ??= now;
    state = 'reconnecting';
    detail = 'another process is polling with this token (409)';
    if (now - conflictSince >= opts.conflictGiveUpMs) {
      state = 'failed';
      logger.fatal(
        { ...describeError(err), forMs: now - conflictSince },
        'telegram: 409 Conflict persists: another process polls with this bot token; exiting',
      );
      deps.onFatal?.(
        new ChannelError('telegram', `another process polls with this bot token (409 for ${now - conflictSince} ms)`),
      );
      return;
    }
    const waitMs = Math.min(opts.conflictRetryMaxMs, 500 * 2 ** conflictRetries);
    conflictRetries++;
    logger.error(
      { ...describeError(err), retryInMs: waitMs, sinceMs: now - conflictSince },
      'telegram: 409 Conflict: ANOTHER PROCESS IS POLLING WITH THIS BOT TOKEN (or a webhook is set); retrying',
    );
    conflictTimer = setTimeout(() => {
      conflictTimer = undefined;
      if (!accepting) return;
      startPolling();
      state = 'ready';
      detail = mode;
    }, waitMs);
    conflictTimer.unref?.();
  }

  async function drain(): Promise<void> {
    const deadline = Date.now() + opts.stopTimeoutMs;
    while ((inFlight.size > 0 || (runner?.size() ?? 0) > 0) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 50))]);
    }
    if (inFlight.size > 0) logger.warn({ pending: inFlight.size }, 'telegram: stopped with updates still in flight');
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      accepting = false;
      if (conflictTimer) clearTimeout(conflictTimer);
      initAbort.abort();
      const polled = runner !== undefined;
      await runner?.stop()?.catch(() => undefined);
      await drain();
      if (polled && lastUpdateId >= 0) {
        // The runner confirms an offset only with its next getUpdates; confirm it now so a
        // restart does not receive the last batch again.
        await bot.api
          .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 })
          .catch((err: unknown) => logger.warn(describeError(err), 'telegram: could not store the update offset'));
      }
      agent.destroy();
      state = 'stopped';
      detail = 'stopped';
      logger.info('telegram: stopped');
    })();
    return stopping;
  }

  return {
    channel: 'telegram',
    mode,
    api: bot.api,
    start,
    stop,
    health: () => ({ channel: 'telegram', state, detail }),
    async send(userId, messages) {
      if (await inactive.has(userId)) {
        logger.debug({ user: hash(userId) }, 'telegram: not sending to an inactive user');
        return;
      }
      const outcome = await sender.send(userId, messages);
      if (outcome.status === 'failed') {
        throw new ChannelError(
          'telegram',
          `send failed (${outcome.errorCode ?? 'network'}) after ${outcome.sent} messages`,
        );
      }
    },
    sendToChat: (chatId, messages, options) => sender.send(chatId, messages, options),
    downloadMedia: createMediaDownloader({
      api: bot.api,
      fileUrl: (filePath) => `${apiRoot}/file/bot${deps.token}/${filePath}`,
      logger,
      maxBytes: opts.maxDownloadBytes,
    }),
    setStaffHandler: (handler) => processor.setStaffHandler(handler),
    processUpdate,
  };
}
