/**
 * The WhatsApp Business Cloud API channel: webhook in (`/webhooks/whatsapp` on the bot's HTTP
 * server), Graph API out. It converts messages and keeps WhatsApp's rules (the 24-hour
 * window, users who cannot be reached); it holds no dialogue logic. Works with several bot
 * processes: dedup, the window and the unreachable mark live in Redis, and replies are sent
 * while the dialogue service holds the conversation lock, so one chat's replies keep order.
 */
import type { Config } from '../../config.js';
import type {
  ChannelAdapter,
  ChannelHealth,
  ChannelState,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
} from '../../core/messages.js';
import { UserUnreachableError } from '../../errors.js';
import type { HttpServer } from '../../http/http-server.js';
import { hashUserId, type Logger } from '../../logger.js';
import type { RedisClient } from '../../redis.js';
import { createChatLanes } from '../whatsapp/chat-lanes.js';
import { cloudKeys } from './cloud-keys.js';
import { type CloudMediaDownload, createGraphClient, type GraphClient } from './graph-client.js';
import { GraphApiError } from './graph-errors.js';
import { createServiceWindow } from './service-window.js';
import { toIncoming } from './to-incoming.js';
import { type CloudBody, templateBody, toCloudBodies } from './to-outgoing.js';
import { createCloudWebhookRoutes } from './webhook-route.js';
import { cloudStatusSchema, collectItems, type WebhookPayload } from './webhook-schema.js';

export type WhatsAppCloudConfig = Pick<
  Config,
  | 'WHATSAPP_CLOUD_API_ROOT'
  | 'WHATSAPP_CLOUD_API_VERSION'
  | 'WHATSAPP_CLOUD_TEMPLATE_NAME'
  | 'WHATSAPP_CLOUD_TEMPLATE_LANGUAGE'
  | 'WHATSAPP_CLOUD_MEDIA_MAX_BYTES'
  | 'WHATSAPP_CLOUD_SEND_PER_SECOND'
> & {
  WHATSAPP_CLOUD_TOKEN: string;
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: string;
  WHATSAPP_CLOUD_APP_SECRET: string;
  WHATSAPP_CLOUD_VERIFY_TOKEN: string;
};

/** Scrape-time counters the composition feeds into Prometheus. */
export interface CloudEvents {
  status?(status: string): void;
  refused?(reason: string): void;
  retry?(kind: string): void;
}

export interface WhatsAppCloudDeps {
  config: WhatsAppCloudConfig;
  handler: MessageHandler;
  logger: Logger;
  redis: RedisClient;
  redisPrefix: string;
  http: HttpServer;
  secret?: string | undefined;
  events?: CloudEvents;
  now?: () => number;
  /** Test knobs: faster backoff, a shorter window. */
  tuning?: {
    backoffMs?: number;
    maxBackoffMs?: number;
    maxAttempts?: number;
    windowMs?: number;
    stopTimeoutMs?: number;
  };
}

export interface WhatsAppCloudChannel extends ChannelAdapter {
  downloadMedia(ref: string): Promise<CloudMediaDownload>;
  /** Resolves when every message taken so far is handled (tests, benches, shutdown). */
  idle(): Promise<void>;
}

/** Redeliveries come for up to 7 days after a failure on Meta's side. */
const SEEN_TTL_SECONDS = 7 * 86_400;
/** A user who never writes again is forgotten after a year; a send would only mark them again. */
const UNREACHABLE_TTL_SECONDS = 365 * 86_400;

export function createWhatsAppCloudChannel(deps: WhatsAppCloudDeps): WhatsAppCloudChannel {
  const { config, logger, redis } = deps;
  const now = deps.now ?? Date.now;
  const keys = cloudKeys(deps.redisPrefix);
  const hash = (userId: string) => hashUserId('whatsapp-cloud', userId, deps.secret);
  const window = createServiceWindow({
    redis,
    prefix: deps.redisPrefix,
    ...(deps.tuning?.windowMs ? { windowMs: deps.tuning.windowMs } : {}),
  });
  const graph: GraphClient = createGraphClient({
    apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
    apiVersion: config.WHATSAPP_CLOUD_API_VERSION,
    token: config.WHATSAPP_CLOUD_TOKEN,
    phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
    sendPerSecond: config.WHATSAPP_CLOUD_SEND_PER_SECOND,
    ...(deps.tuning?.backoffMs !== undefined ? { backoffMs: deps.tuning.backoffMs } : {}),
    ...(deps.tuning?.maxBackoffMs !== undefined ? { maxBackoffMs: deps.tuning.maxBackoffMs } : {}),
    ...(deps.tuning?.maxAttempts !== undefined ? { maxAttempts: deps.tuning.maxAttempts } : {}),
    onRetry: (info) => {
      deps.events?.retry?.(info.kind);
      logger.warn(
        {
          channel: 'whatsapp-cloud',
          attempt: info.attempt,
          delayMs: info.delayMs,
          status: info.status,
          code: info.code,
        },
        `WhatsApp Cloud API: ${info.kind}, retrying`,
      );
    },
  });
  const inbound = createChatLanes();
  const outbound = createChatLanes();
  let state: ChannelState = 'stopped';
  let detail: string | undefined;
  let accepting = false;

  for (const route of createCloudWebhookRoutes({
    appSecret: config.WHATSAPP_CLOUD_APP_SECRET,
    verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN,
    accepting: () => accepting,
    accept: (payload) => void take(payload),
    onRefused: (reason) => {
      deps.events?.refused?.(reason);
      logger.warn({ channel: 'whatsapp-cloud', reason }, 'WhatsApp Cloud API: webhook request refused');
    },
  })) {
    deps.http.route(route.method, route.path, route.handler);
  }

  function setState(next: ChannelState, why?: string): void {
    state = next;
    detail = why;
  }

  async function take(payload: WebhookPayload): Promise<void> {
    const items = collectItems(payload, config.WHATSAPP_CLOUD_PHONE_NUMBER_ID);
    if (items.foreign > 0)
      logger.debug({ changes: items.foreign }, 'WhatsApp Cloud API: changes for another number ignored');
    for (const raw of items.statuses) recordStatus(raw);
    for (const raw of items.messages) {
      const converted = toIncoming(raw, now());
      if (!converted.ok) {
        logger.info(
          { channel: 'whatsapp-cloud', reason: converted.reason, type: converted.type },
          'WhatsApp Cloud API: message ignored',
        );
        continue;
      }
      const message = converted.message;
      // Lanes are per user: one chat's messages are handled in the order Meta sent them.
      void inbound
        .run(message.userId, () => handleOne(message))
        .catch((err: unknown) =>
          logger.error(
            { channel: 'whatsapp-cloud', err, user: hash(message.userId) },
            'WhatsApp Cloud API: message not handled',
          ),
        );
    }
  }

  function recordStatus(raw: unknown): void {
    const parsed = cloudStatusSchema.safeParse(raw);
    if (!parsed.success) return;
    const s = parsed.data;
    deps.events?.status?.(s.status);
    if (s.status === 'failed') {
      const code = s.errors?.[0]?.code;
      logger.warn(
        { channel: 'whatsapp-cloud', code, user: s.recipient_id ? hash(s.recipient_id) : undefined },
        'WhatsApp Cloud API: a sent message failed',
      );
      if (code !== undefined && [131026, 131030, 131050].includes(code) && s.recipient_id) {
        void redis.set(keys.unreachable(s.recipient_id), '1', 'EX', UNREACHABLE_TTL_SECONDS).catch(() => undefined);
      }
    }
  }

  async function handleOne(message: IncomingMessage): Promise<void> {
    const log = logger.child({ channel: 'whatsapp-cloud', user: hash(message.userId) });
    // Meta redelivers a message whose 200 it did not see, and may send it to another process.
    const first = await redis.set(keys.seen(message.messageId), '1', 'EX', SEEN_TTL_SECONDS, 'NX');
    if (first === null) {
      log.debug('WhatsApp Cloud API: redelivery ignored');
      return;
    }
    // Writing clears the unreachable mark too: the dialogue's turn does that.
    await window
      .touch(message.userId, message.receivedAt)
      .catch((err: unknown) => log.warn({ err }, 'WhatsApp Cloud API: window not recorded'));
    void graph.markRead(message.messageId);
    const result = await deps.handler.handle(message, { deliver: (replies) => deliver(message.userId, replies) });
    if (result.duplicate || result.delivered || result.replies.length === 0) return;
    await deliver(message.userId, result.replies);
  }

  /** Replies to a message the user just sent: inside the window by definition. */
  async function deliver(userId: string, replies: OutgoingMessage[]): Promise<void> {
    try {
      await sendBodies(userId, toCloudBodies(replies));
    } catch (err) {
      logger.error(
        { channel: 'whatsapp-cloud', user: hash(userId), error: describe(err) },
        'WhatsApp Cloud API: reply not delivered',
      );
    }
  }

  function sendBodies(userId: string, bodies: CloudBody[]): Promise<void> {
    return outbound.run(userId, async () => {
      for (const body of bodies) {
        try {
          await graph.send(userId, body);
          if (state !== 'ready' && accepting) setState('ready');
        } catch (err) {
          if (err instanceof GraphApiError) {
            // Retries are spent: the Graph API is down or throttling hard. Health says so until a send works.
            if (err.retryable && accepting)
              setState('reconnecting', `Graph API unavailable: ${err.message.slice(0, 160)}`);
            if (err.kind === 'unreachable')
              await redis.set(keys.unreachable(userId), '1', 'EX', UNREACHABLE_TTL_SECONDS).catch(() => undefined);
            if (err.kind === 'auth') {
              setState('failed', 'access token refused by the Graph API: renew WHATSAPP_CLOUD_TOKEN');
              logger.error(
                { channel: 'whatsapp-cloud', code: err.code },
                'WhatsApp Cloud API: the access token was refused; renew WHATSAPP_CLOUD_TOKEN',
              );
            }
          }
          throw err;
        }
      }
    });
  }

  async function settle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([inbound.idle(), outbound.idle()]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  return {
    channel: 'whatsapp-cloud',
    async start() {
      accepting = true;
      setState('ready');
      logger.info({ channel: 'whatsapp-cloud' }, 'WhatsApp Cloud API: webhook ready at /webhooks/whatsapp');
    },
    async stop() {
      accepting = false;
      await settle(deps.tuning?.stopTimeoutMs ?? 10_000);
      if (state !== 'failed') setState('stopped');
    },
    health: (): ChannelHealth => ({ channel: 'whatsapp-cloud', state, ...(detail ? { detail } : {}) }),
    idle: () => Promise.all([inbound.idle(), outbound.idle()]).then(() => undefined),
    /**
     * Messages the user did not just ask for (staff replies, handover notices): free-form
     * inside the 24-hour window, else the configured template, else refused so staff can be
     * told the user must write first. Never to a user who cannot be reached.
     */
    async send(userId, messages) {
      if (await redis.exists(keys.unreachable(userId))) {
        throw new UserUnreachableError('whatsapp-cloud', 'blocked', 'WhatsApp Cloud API: the user cannot be reached');
      }
      if (await window.isOpen(userId, now())) {
        try {
          await sendBodies(userId, toCloudBodies(messages));
          return;
        } catch (err) {
          // Our record said open but Meta says closed (clock skew, a lost webhook): use the template path.
          if (!(err instanceof GraphApiError && err.kind === 'window_closed')) throw err;
        }
      }
      const template = config.WHATSAPP_CLOUD_TEMPLATE_NAME;
      if (!template) {
        logger.info(
          { channel: 'whatsapp-cloud', user: hash(userId) },
          'WhatsApp Cloud API: outside the 24-hour window and no template configured; not sent',
        );
        throw new UserUnreachableError(
          'whatsapp-cloud',
          'window_closed',
          'WhatsApp Cloud API: outside the 24-hour window',
        );
      }
      await sendBodies(userId, [templateBody(template, config.WHATSAPP_CLOUD_TEMPLATE_LANGUAGE, messages)]);
    },
    downloadMedia: (ref) => graph.downloadMedia(ref, config.WHATSAPP_CLOUD_MEDIA_MAX_BYTES),
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : String(err);
}
