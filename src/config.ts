/**
 * All configuration comes from the environment and is parsed once, here. `parseConfig` is
 * pure so tests can build a config without touching `process.env`.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { parseHours } from './handover/hotline-hours.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());

/** `HH:MM-HH:MM` daily window, or `24/7`. */
const hoursWindow = z
  .string()
  .refine((v) => parseHours(v) !== null, 'expected HH:MM-HH:MM (00:00 to 24:00, 24:00 only as an end) or 24/7');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Empty means the default (`LOG_LEVEL=` in an env file): info, or warn in the terminal chat. */
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^(rediss?|redis-sentinel|redis-cluster):\/\//,
        'expected redis://, rediss://, redis-sentinel:// or redis-cluster://',
      )
      .optional(),
  ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]{1,40}$/i, 'letters, digits, : _ - only')
    .default('pmi'),
  /** Added to REDIS_URL when the URL carries no password (compose, Docker secrets). */
  REDIS_PASSWORD: optionalString,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_{}-]{1,40}$/i, 'letters, digits, _ - { } only')
    .default('bull'),
  HTTP_PORT: int(0, 65535).default(8080),
  /** Loopback by default: health, metrics and the webhook are not for the whole network. */
  HTTP_HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:-]{1,255}$/, 'an IP address or host name')
    .default('127.0.0.1'),
  HTTP_ENABLED: bool.default(true),
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, '16-200 printable characters without spaces')
      .optional(),
  ),
  DEFAULT_LANGUAGE: z.enum(['id', 'en']).default('id'),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24),
  HANDOVER_TTL_DAYS: int(1, 365).default(30),
  MAX_MESSAGE_LENGTH: int(100, 100_000).default(4000),
  FLOWS_DIR: z.string().default('flows'),
  /** Learnt understanding models are cached here between starts; empty: train at every start. */
  NLU_CACHE_DIR: z.string().default('var/cache'),
  LOCALES_DIR: z.string().default('locales'),

  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d{3,20}:[A-Za-z0-9_-]{30,100}$/, 'expected the BotFather token format 123456:ABC...')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /**
   * Polling refused with 409 (another process polls with this token) this long ends the process
   * with exit code 1, so the supervisor restarts it and the operator sees it.
   */
  TELEGRAM_CONFLICT_EXIT_SECONDS: int(1, 24 * 3600).default(300),

  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_DATA_DIR: z.string().default('var/whatsapp'),
  PUPPETEER_EXECUTABLE_PATH: z.string().default('/usr/bin/chromium'),
  WHATSAPP_PAIRING_PHONE: optionalString.pipe(
    z
      .string()
      .regex(/^\d{8,15}$/, 'digits only, with country code')
      .optional(),
  ),
  WHATSAPP_RESTART_HOURS: int(0, 24 * 30).default(0),
  WHATSAPP_SEND_PER_MINUTE: int(1, 600).default(40),
  /** Pins the WhatsApp Web build (the usual workaround when an update breaks whatsapp-web.js). */
  WHATSAPP_WEB_VERSION: optionalString.pipe(
    z
      .string()
      .regex(/^\d+\.\d+\.\d+(-[a-z0-9.]+)?$/i, 'a WhatsApp Web version like 2.3000.1023204200')
      .optional(),
  ),
  /** Where a pinned version's page is fetched; `{version}` is replaced. */
  WHATSAPP_WEB_VERSION_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://raw.githubusercontent.com/wppconnect-team/wa-version/main/html/{version}.html'),

  /** WhatsApp Business Cloud API (Meta): the channel is on when the token is set. */
  WHATSAPP_CLOUD_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{20,1000}$/, 'a system-user access token (printable characters, no spaces)')
      .optional(),
  ),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{5,30}$/, 'the numeric phone number id from the Meta app (not the phone number)')
      .optional(),
  ),
  WHATSAPP_CLOUD_APP_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, 'the Meta app secret (printable characters, no spaces)')
      .optional(),
  ),
  WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, '16-200 printable characters without spaces')
      .optional(),
  ),
  WHATSAPP_CLOUD_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  WHATSAPP_CLOUD_API_VERSION: z
    .string()
    .regex(/^v\d{1,3}\.\d{1,2}$/, 'a Graph API version like v23.0')
    .default('v23.0'),
  /** An approved template with one body variable, used outside the 24-hour window (staff replies, notices). */
  WHATSAPP_CLOUD_TEMPLATE_NAME: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9_]{1,512}$/, 'a template name: lower-case letters, digits and _')
      .optional(),
  ),
  WHATSAPP_CLOUD_TEMPLATE_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a template language code like id or en_US')
    .default('id'),
  /** Inbound media larger than this is not downloaded (WhatsApp allows up to 100 MB documents). */
  WHATSAPP_CLOUD_MEDIA_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Outgoing Cloud API messages per second, all chats together (Meta's default is 80). */
  WHATSAPP_CLOUD_SEND_PER_SECOND: int(1, 1000).default(40),

  WORKER_ENABLED: bool.default(true),
  WORKER_CONCURRENCY: int(1, 200).default(20),
  SPOOL_DIR: z.string().default('var/spool'),
  COMPLAINT_WEBHOOK_URL: optionalUrl,
  COMPLAINT_WEBHOOK_SECRET: optionalString,

  AGENCY_REGISTRY_SOURCE: optionalString,
  AGENCY_REFRESH_EVERY_MINUTES: int(5, 60 * 24 * 30).default(24 * 60),

  STAFF_CHAT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^-100\d{5,20}$/, 'a supergroup id like -1001234567890')
      .optional(),
  ),
  STAFF_USER_IDS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d{1,20}$/, 'Telegram user ids, comma-separated'))),
  HOTLINE_HOURS: hoursWindow.default('08:00-20:00'),
  HOTLINE_TIMEZONE: z
    .string()
    .default('Asia/Jakarta')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
  HANDOVER_SLA_MINUTES: int(1, 24 * 60).default(15),
  /** When the supervisors' digest is posted to the staff group (cron, HOTLINE_TIMEZONE), or `off`. */
  DIGEST_SCHEDULE: z
    .string()
    .trim()
    .regex(/^(off|(\S+\s+){4}\S+)$/, 'a cron pattern like "0 8 * * *" or off')
    .default('0 8 * * *'),
  /** How many days the digest looks back. */
  DIGEST_DAYS: int(1, 31).default(7),

  RETENTION_DAYS: int(1, 3650).default(365),
  CODE_WORD: optionalString,
  USER_RATE_PER_MINUTE: int(1, 10_000).default(30),
  CHANNEL_RATE_PER_SECOND: int(1, 100_000).default(200),
  PSEUDONYM_SECRET: optionalString,
  /** Key of the integrity signature (HMAC-SHA256) on referral case files (`cases pack`). */
  CASE_FILE_SECRET: optionalString,
  CONTENT_HIDE_UNVERIFIED: bool.default(false),
});

export type Config = z.infer<typeof configSchema> & { redisUrlGiven: boolean; redisUrl: string };

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Parses an environment; throws `ConfigError` with one line per problem, naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = env[name];
      const shown =
        value === undefined ? 'missing' : `got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
      return `${name}: ${issue.message} (${name.includes('TOKEN') || name.includes('SECRET') ? 'value hidden' : shown})`;
    });
    throw new ConfigError(problems);
  }
  const cfg = result.data;
  const problems: string[] = [];
  if (cfg.TELEGRAM_WEBHOOK_URL && !cfg.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (cfg.TELEGRAM_WEBHOOK_URL && !cfg.TELEGRAM_BOT_TOKEN) {
    problems.push('TELEGRAM_BOT_TOKEN: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (cfg.STAFF_CHAT_ID && !cfg.TELEGRAM_BOT_TOKEN) {
    problems.push('TELEGRAM_BOT_TOKEN: required when STAFF_CHAT_ID is set (the staff console is a Telegram group)');
  }
  if (cfg.WHATSAPP_CLOUD_TOKEN) {
    for (const name of [
      'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
      'WHATSAPP_CLOUD_APP_SECRET',
      'WHATSAPP_CLOUD_VERIFY_TOKEN',
    ] as const) {
      if (!cfg[name]) problems.push(`${name}: required when WHATSAPP_CLOUD_TOKEN is set`);
    }
    if (!cfg.HTTP_ENABLED) {
      problems.push('HTTP_ENABLED: must be true when WHATSAPP_CLOUD_TOKEN is set (the webhook is on HTTP_PORT)');
    }
  }
  // BullMQ names its keys `<QUEUE_PREFIX>:<queue>:…`; with the queue prefix equal to the data
  // prefix, the "handover" queue's keys are the handover's own (`<REDIS_PREFIX>:handover:…`).
  if (cfg.QUEUE_PREFIX === cfg.REDIS_PREFIX) {
    problems.push("QUEUE_PREFIX: must differ from REDIS_PREFIX (the queues' keys would collide with the bot's own)");
  }
  if (cfg.COMPLAINT_WEBHOOK_URL && !cfg.COMPLAINT_WEBHOOK_SECRET) {
    problems.push('COMPLAINT_WEBHOOK_SECRET: required when COMPLAINT_WEBHOOK_URL is set (requests are signed)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...cfg,
    redisUrlGiven: cfg.REDIS_URL !== undefined,
    redisUrl: withRedisPassword(cfg.REDIS_URL ?? DEFAULT_REDIS_URL, cfg.REDIS_PASSWORD),
  };
}

const URL_PARTS = /^([a-z-]+:\/\/)(?:([^@/]*)@)?(.*)$/i;

/** Puts the password into the URL's user part unless the URL already carries one. */
export function withRedisPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const m = URL_PARTS.exec(url);
  if (!m) return url;
  const [, scheme, userinfo, rest] = m;
  if (userinfo?.includes(':')) return url;
  return `${scheme}${userinfo ?? ''}:${encodeURIComponent(password)}@${rest}`;
}

/** True when the Redis URL (after REDIS_PASSWORD) authenticates with a password. */
export function redisUrlHasPassword(url: string): boolean {
  const userinfo = URL_PARTS.exec(url)?.[2];
  return Boolean(userinfo && /:.+/.test(userinfo));
}

/** The Redis URL without its credentials, for messages. */
export function redisUrlLabel(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
