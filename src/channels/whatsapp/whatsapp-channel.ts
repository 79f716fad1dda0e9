/**
 * The WhatsApp channel (whatsapp-web.js): turns WhatsApp messages into `IncomingMessage`s
 * for the dialogue service and its replies into rate-limited WhatsApp texts. It holds no
 * dialogue logic. whatsapp-web.js and Puppeteer never leave this folder.
 */
import type { Config } from '../../config.js';
import type { ChannelAdapter, MessageHandler, OutgoingMessage } from '../../core/messages.js';
import { ChannelError } from '../../errors.js';
import { hashUserId, type Logger } from '../../logger.js';
import type { RedisClient } from '../../redis.js';
import { BoundedMap } from './bounded-map.js';
import { createChatLanes } from './chat-lanes.js';
import { createConnection } from './connection.js';
import { toIncomingMessage } from './convert-incoming.js';
import { describeError } from './describe-error.js';
import { DEFAULT_MAX_LENGTH, formatOutgoing } from './format-outgoing.js';
import { createKnownChats, DEFAULT_KNOWN_CHAT_TTL_SECONDS } from './known-chats.js';
import { createLoginOutput } from './login-output.js';
import { createMediaStore, type MediaDownload } from './media-store.js';
import { createSendQueue } from './send-queue.js';
import type { WaClient, WaClientFactory, WaMessage } from './wa-types.js';
import { createWwebClient } from './wweb-client.js';

export type { MediaDownload, MediaDownloadError } from './media-store.js';
export type { WaClient, WaClientFactory, WaClientOptions, WaMedia, WaMessage } from './wa-types.js';

export type WhatsAppChannelConfig = Pick<
  Config,
  | 'WHATSAPP_DATA_DIR'
  | 'PUPPETEER_EXECUTABLE_PATH'
  | 'WHATSAPP_PAIRING_PHONE'
  | 'WHATSAPP_RESTART_HOURS'
  | 'WHATSAPP_SEND_PER_MINUTE'
> &
  Partial<Pick<Config, 'WHATSAPP_WEB_VERSION' | 'WHATSAPP_WEB_VERSION_URL'>>;

/** Knobs with production defaults; tests shorten the timings. */
export interface WhatsAppTuning {
  perChatIntervalMs?: number;
  maxTextLength?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** How long a reply waits for a reconnect before it is given up. */
  readyTimeoutMs?: number;
  knownChatTtlSeconds?: number;
  mediaCacheSize?: number;
  mediaTimeoutMs?: number;
  dedupCacheSize?: number;
  /** How long `stop()` waits for messages in progress. */
  stopTimeoutMs?: number;
}

export interface WhatsAppChannelDeps {
  config: WhatsAppChannelConfig;
  handler: MessageHandler;
  logger: Logger;
  /** Remembers who wrote first across restarts; without it, memory only. */
  redis?: RedisClient;
  redisPrefix?: string;
  /** Keys the pseudonyms in logs and Redis (PSEUDONYM_SECRET). */
  secret?: string;
  /** Default: a real whatsapp-web.js client. Tests pass a fake. */
  createClient?: WaClientFactory;
  /** Where the QR code and pairing code are shown; default stderr. */
  output?: { write(chunk: string): unknown };
  now?: () => number;
  tuning?: WhatsAppTuning;
}

export interface WhatsAppChannel extends ChannelAdapter {
  /** Fetches the media behind a `MediaRef.ref` of this channel. Never throws. */
  downloadMedia(ref: string): Promise<MediaDownload>;
}

/** `send()` to a chat that never wrote to us: refused, so the number is never used for cold messages. */
export class WhatsAppSendRefusedError extends ChannelError {
  constructor() {
    super('whatsapp', 'WhatsApp: refused to message a chat that never wrote to the bot');
    this.name = 'WhatsAppSendRefusedError';
  }
}

export function createWhatsAppChannel(deps: WhatsAppChannelDeps): WhatsAppChannel {
  const { config, logger, handler } = deps;
  const tuning = deps.tuning ?? {};
  const now = deps.now ?? Date.now;
  const maxTextLength = tuning.maxTextLength ?? DEFAULT_MAX_LENGTH;
  const readyTimeoutMs = tuning.readyTimeoutMs ?? 60_000;
  const pseudonym = (chatId: string) => hashUserId('whatsapp', chatId, deps.secret);

  const seen = new BoundedMap<string, true>(tuning.dedupCacheSize ?? 10_000);
  const inbound = createChatLanes();
  let accepting = false;

  const knownChats = createKnownChats({
    ...(deps.redis ? { redis: deps.redis } : {}),
    prefix: deps.redisPrefix ?? 'pmi',
    ttlSeconds: tuning.knownChatTtlSeconds ?? DEFAULT_KNOWN_CHAT_TTL_SECONDS,
    ...(deps.secret ? { secret: deps.secret } : {}),
    now,
  });

  const connection = createConnection({
    createClient: deps.createClient ?? createWwebClient,
    clientOptions: {
      dataDir: config.WHATSAPP_DATA_DIR,
      executablePath: config.PUPPETEER_EXECUTABLE_PATH,
      ...(config.WHATSAPP_PAIRING_PHONE ? { pairingPhone: config.WHATSAPP_PAIRING_PHONE } : {}),
      ...(config.WHATSAPP_WEB_VERSION
        ? { webVersion: { version: config.WHATSAPP_WEB_VERSION, url: config.WHATSAPP_WEB_VERSION_URL ?? '' } }
        : {}),
    },
    logger,
    loginOutput: createLoginOutput({
      dataDir: config.WHATSAPP_DATA_DIR,
      logger,
      ...(deps.output ? { output: deps.output } : {}),
    }),
    restartHours: config.WHATSAPP_RESTART_HOURS,
    reconnectInitialMs: tuning.reconnectInitialMs ?? 2_000,
    reconnectMaxMs: tuning.reconnectMaxMs ?? 300_000,
    onClient: (client) => client.on('message', (msg: WaMessage) => onMessage(client, msg)),
  });

  const media = createMediaStore({
    logger,
    connectedClient: () => connection.whenReady(5_000),
    maxEntries: tuning.mediaCacheSize ?? 1000,
    timeoutMs: tuning.mediaTimeoutMs ?? 60_000,
  });

  const sendQueue = createSendQueue({
    perMinute: config.WHATSAPP_SEND_PER_MINUTE,
    perChatIntervalMs: tuning.perChatIntervalMs ?? 1000,
    deliver: async (chatId, text) => {
      const client = await connection.whenReady(readyTimeoutMs);
      // sendSeen inside sendMessage has broken with WhatsApp Web updates (wwebjs #5736): read receipts are sent apart.
      await client.sendMessage(chatId, text, { sendSeen: false });
    },
  });

  function onMessage(client: WaClient, raw: WaMessage): void {
    if (!accepting) return;
    let converted: ReturnType<typeof toIncomingMessage>;
    try {
      converted = toIncomingMessage(raw, now());
    } catch (err) {
      logger.warn({ error: describeError(err) }, 'WhatsApp: could not read a message');
      return;
    }
    if (!converted.ok) {
      logger.debug({ reason: converted.reason, type: raw?.type }, 'WhatsApp: message ignored');
      return;
    }
    const { message, chatId, mediaRef } = converted;
    const log = logger.child({ channel: 'whatsapp', user: pseudonym(chatId), msgId: message.messageId });
    // whatsapp-web.js can emit the same message again after a reconnect; the service dedups across processes too.
    if (seen.has(raw.id._serialized)) {
      log.debug('WhatsApp: duplicate message ignored');
      return;
    }
    seen.set(raw.id._serialized, true);
    if (mediaRef) media.remember(mediaRef, raw);

    void inbound.run(chatId, async () => {
      try {
        await knownChats.remember(chatId);
      } catch (err) {
        log.warn({ error: describeError(err) }, 'WhatsApp: could not store the chat in Redis (kept in memory)');
      }
      client.sendSeen?.(chatId).catch(() => undefined);
      let result: Awaited<ReturnType<MessageHandler['handle']>>;
      try {
        result = await handler.handle(message);
      } catch (err) {
        log.error({ error: describeError(err) }, 'WhatsApp: the dialogue service failed; no reply sent');
        return;
      }
      if (result.duplicate) {
        log.debug('WhatsApp: duplicate message (dialogue service)');
        return;
      }
      const texts = formatOutgoing(result.replies, maxTextLength);
      log.debug(
        { kind: message.media?.kind ?? (message.location ? 'location' : 'text'), parts: texts.length },
        'WhatsApp: handled',
      );
      try {
        await sendQueue.send(chatId, texts);
      } catch (err) {
        log.error({ error: describeError(err) }, 'WhatsApp: reply not delivered');
      }
    });
  }

  async function settle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all([inbound.idle(), sendQueue.idle()]), deadline]);
    clearTimeout(timer);
  }

  return {
    channel: 'whatsapp',
    async start() {
      accepting = true;
      try {
        await connection.start();
      } catch (err) {
        accepting = false;
        throw err;
      }
    },
    async stop() {
      accepting = false;
      await settle(tuning.stopTimeoutMs ?? 10_000);
      await connection.stop();
    },
    health: () => connection.health(),
    async send(userId: string, messages: OutgoingMessage[]) {
      if (!(await knownChats.has(userId))) {
        logger.warn(
          { channel: 'whatsapp', user: pseudonym(userId) },
          'WhatsApp: refused to message a chat that never wrote first',
        );
        throw new WhatsAppSendRefusedError();
      }
      await sendQueue.send(userId, formatOutgoing(messages, maxTextLength));
    },
    downloadMedia: (ref: string) => media.download(ref),
  };
}
