/**
 * The chat channels a service runs (Telegram, WhatsApp Web, WhatsApp Cloud API), each given the
 * message handler and registered as a sender for messages the bot sends on its own.
 */
import { createTelegramChannel, type TelegramChannel } from './channels/telegram/telegram-channel.js';
import type { WhatsAppChannel } from './channels/whatsapp/whatsapp-channel.js';
import { createWhatsAppCloudParts } from './compose-whatsapp-cloud.js';
import type { Config } from './config.js';
import type { ChannelAdapter, ChannelSender, MessageHandler } from './core/messages.js';
import type { HttpServer } from './http/http-server.js';
import type { Logger } from './logger.js';
import type { createMetrics } from './ops/metrics.js';
import type { RedisClient } from './redis.js';

export interface ChannelParts {
  channels: ChannelAdapter[];
  telegram: TelegramChannel | null;
  whatsapp: WhatsAppChannel | null;
  cloud: ReturnType<typeof createWhatsAppCloudParts> | null;
}

export async function createChannelParts(deps: {
  config: Config;
  logger: Logger;
  redis: RedisClient;
  /** False for the terminal chat: Telegram and WhatsApp stay off even when configured. */
  withChannels: boolean;
  handler: MessageHandler;
  http: HttpServer | null;
  metrics: ReturnType<typeof createMetrics>;
  /** Filled with each channel, for messages sent outside a conversation turn. */
  senders: Map<string, ChannelSender>;
  onFatal?: ((err: Error) => void) | undefined;
}): Promise<ChannelParts> {
  const { config, logger, redis, handler, http, senders } = deps;
  const prefix = config.REDIS_PREFIX;
  const channels: ChannelAdapter[] = [];
  let telegram: TelegramChannel | null = null;
  let whatsapp: WhatsAppChannel | null = null;
  if (deps.withChannels && config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      handler,
      redis,
      redisPrefix: prefix,
      logger,
      pseudonymSecret: config.PSEUDONYM_SECRET,
      options: { conflictGiveUpMs: config.TELEGRAM_CONFLICT_EXIT_SECONDS * 1000 },
      ...(deps.onFatal ? { onFatal: deps.onFatal } : {}),
      ...(config.STAFF_CHAT_ID ? { staffChatId: config.STAFF_CHAT_ID } : {}),
      ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET && http
        ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, server: http } }
        : {}),
    });
    channels.push(telegram);
    senders.set('telegram', telegram);
  }
  if (deps.withChannels && config.WHATSAPP_ENABLED) {
    // Loaded only when enabled: whatsapp-web.js and puppeteer were 14% of start-up CPU.
    const { createWhatsAppChannel } = await import('./channels/whatsapp/whatsapp-channel.js');
    whatsapp = createWhatsAppChannel({
      config,
      handler,
      logger,
      redis,
      redisPrefix: prefix,
      secret: config.PSEUDONYM_SECRET,
    });
    channels.push(whatsapp);
    senders.set('whatsapp', whatsapp);
  }
  const cloud = deps.withChannels
    ? createWhatsAppCloudParts({ config, handler, logger, redis, http, metrics: deps.metrics })
    : null;
  if (cloud) {
    channels.push(cloud.channel);
    senders.set('whatsapp-cloud', cloud.channel);
  }
  return { channels, telegram, whatsapp, cloud };
}
