/**
 * The WhatsApp Cloud API channel of one bot process, for the composition (src/compose-bot.ts):
 * the channel on the bot's HTTP server, its counters in the metrics registry, and its part of
 * "hapus data saya" (the window time and the unreachable mark).
 */
import { Counter } from 'prom-client';
import { createWhatsAppCloudChannel, type WhatsAppCloudChannel } from './channels/whatsapp-cloud/cloud-channel.js';
import { cloudKeys } from './channels/whatsapp-cloud/cloud-keys.js';
import type { Config } from './config.js';
import type { MessageHandler } from './core/messages.js';
import type { HttpServer } from './http/http-server.js';
import type { Logger } from './logger.js';
import type { Metrics } from './ops/metrics.js';
import type { Eraser } from './privacy/data-eraser.js';
import type { RedisClient } from './redis.js';

export interface CloudParts {
  channel: WhatsAppCloudChannel;
  eraser: Eraser;
}

/** Null when the channel is not configured (no WHATSAPP_CLOUD_TOKEN) or there is no HTTP server. */
export function createWhatsAppCloudParts(deps: {
  config: Config;
  handler: MessageHandler;
  logger: Logger;
  redis: RedisClient;
  http: HttpServer | null;
  metrics: Metrics;
}): CloudParts | null {
  const { config } = deps;
  const token = config.WHATSAPP_CLOUD_TOKEN;
  const phoneNumberId = config.WHATSAPP_CLOUD_PHONE_NUMBER_ID;
  const appSecret = config.WHATSAPP_CLOUD_APP_SECRET;
  const verifyToken = config.WHATSAPP_CLOUD_VERIFY_TOKEN;
  // parseConfig requires all four together and HTTP on; the terminal chat runs without HTTP.
  if (!token || !phoneNumberId || !appSecret || !verifyToken || !deps.http) return null;
  const registers = [deps.metrics.registry];
  const statuses = new Counter({
    name: 'pmi_whatsapp_cloud_statuses_total',
    help: 'Delivery status callbacks from the WhatsApp Cloud API (sent, delivered, read, failed)',
    labelNames: ['status'],
    registers,
  });
  const refused = new Counter({
    name: 'pmi_whatsapp_cloud_webhook_refused_total',
    help: 'Webhook requests refused (bad signature, wrong verify token) or not understood',
    labelNames: ['reason'],
    registers,
  });
  const retries = new Counter({
    name: 'pmi_whatsapp_cloud_api_retries_total',
    help: 'Graph API calls retried after throttling or a temporary error',
    labelNames: ['kind'],
    registers,
  });
  const known = new Set(['sent', 'delivered', 'read', 'failed', 'deleted', 'warning']);
  const channel = createWhatsAppCloudChannel({
    config: {
      ...config,
      WHATSAPP_CLOUD_TOKEN: token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
    },
    handler: deps.handler,
    logger: deps.logger,
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    http: deps.http,
    secret: config.PSEUDONYM_SECRET,
    events: {
      status: (s) => statuses.inc({ status: known.has(s) ? s : 'other' }),
      refused: (reason) => refused.inc({ reason }),
      retry: (kind) => retries.inc({ kind }),
    },
  });
  const keys = cloudKeys(config.REDIS_PREFIX);
  const eraser: Eraser = {
    name: 'whatsapp-cloud',
    async erase(conv) {
      if (conv.channel !== 'whatsapp-cloud') return { deleted: [] };
      await deps.redis.del(keys.lastInbound(conv.userId));
      await deps.redis.del(keys.unreachable(conv.userId));
      await deps.redis.srem(keys.legacyUnreachable, conv.userId);
      // Times and marks the channel needs to work are not something the user would miss: not listed.
      return { deleted: [] };
    },
  };
  return { channel, eraser };
}
