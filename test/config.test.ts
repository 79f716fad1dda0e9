import { describe, expect, it } from 'vitest';
import { parseConfig, redisUrlHasPassword, redisUrlLabel } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('parseConfig', () => {
  it('has working defaults', () => {
    const c = parseConfig({});
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.redisUrlGiven).toBe(false);
    expect(c.HTTP_PORT).toBe(8080);
    expect(c.WHATSAPP_ENABLED).toBe(false);
  });

  it('names every bad variable on its own line, hiding secrets', () => {
    try {
      parseConfig({ HTTP_PORT: 'abc', TELEGRAM_BOT_TOKEN: 'not-a-token', WHATSAPP_ENABLED: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith('HTTP_PORT:'))).toBeDefined();
      expect(problems.find((p) => p.startsWith('WHATSAPP_ENABLED:'))).toBeDefined();
      const token = problems.find((p) => p.startsWith('TELEGRAM_BOT_TOKEN:'));
      expect(token).toContain('value hidden');
      expect(token).not.toContain('not-a-token');
    }
  });

  it('checks variables that depend on each other', () => {
    expect(() => parseConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });

  it('refuses a queue prefix equal to the data prefix (the handover queue would share its keys)', () => {
    expect(() => parseConfig({ REDIS_PREFIX: 'pmi', QUEUE_PREFIX: 'pmi' })).toThrow(/QUEUE_PREFIX: must differ/);
    expect(parseConfig({ REDIS_PREFIX: 'pmi', QUEUE_PREFIX: 'pmiq' }).QUEUE_PREFIX).toBe('pmiq');
  });

  it('ends a bot whose polling meets 409 for 5 minutes unless told otherwise', () => {
    expect(parseConfig({}).TELEGRAM_CONFLICT_EXIT_SECONDS).toBe(300);
    expect(parseConfig({ TELEGRAM_CONFLICT_EXIT_SECONDS: '5' }).TELEGRAM_CONFLICT_EXIT_SECONDS).toBe(5);
    expect(() => parseConfig({ TELEGRAM_CONFLICT_EXIT_SECONDS: '0' })).toThrow(/TELEGRAM_CONFLICT_EXIT_SECONDS/);
  });

  it('binds HTTP to loopback unless told otherwise', () => {
    expect(parseConfig({}).HTTP_HOST).toBe('127.0.0.1');
    expect(parseConfig({ HTTP_HOST: '0.0.0.0' }).HTTP_HOST).toBe('0.0.0.0');
  });

  it('adds REDIS_PASSWORD to a URL without one, encoded, and keeps a password the URL has', () => {
    const c = parseConfig({ REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD: 'p@ss/w:rd' });
    expect(c.redisUrl).toBe('redis://:p%40ss%2Fw%3Ard@redis:6379');
    expect(redisUrlHasPassword(c.redisUrl)).toBe(true);
    expect(redisUrlLabel(c.redisUrl)).toBe('redis://redis:6379');
    expect(parseConfig({ REDIS_URL: 'redis://u:own@h:1', REDIS_PASSWORD: 'x' }).redisUrl).toBe('redis://u:own@h:1');
    expect(parseConfig({ REDIS_URL: 'redis://u@h:1', REDIS_PASSWORD: 'x' }).redisUrl).toBe('redis://u:x@h:1');
    expect(parseConfig({ REDIS_PASSWORD: 'x' }).redisUrl).toBe('redis://:x@127.0.0.1:6379');
    expect(parseConfig({ REDIS_URL: 'redis-sentinel://s1:26379,s2:26379/main', REDIS_PASSWORD: 'x' }).redisUrl).toBe(
      'redis-sentinel://:x@s1:26379,s2:26379/main',
    );
    expect(redisUrlHasPassword(parseConfig({}).redisUrl)).toBe(false);
  });

  it('reads the digest schedule and refuses a malformed one', () => {
    expect(parseConfig({}).DIGEST_SCHEDULE).toBe('0 8 * * *');
    expect(parseConfig({ DIGEST_SCHEDULE: 'off' }).DIGEST_SCHEDULE).toBe('off');
    expect(() => parseConfig({ DIGEST_SCHEDULE: 'daily' })).toThrow(/DIGEST_SCHEDULE/);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: .*value hidden/);
  });

  it('reads the WhatsApp Cloud API settings and requires them together', () => {
    const cloud = {
      WHATSAPP_CLOUD_TOKEN: 'EAAG0123456789abcdefghij',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '109876543210987',
      WHATSAPP_CLOUD_APP_SECRET: '0123456789abcdef0123',
      WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-0123456789abc',
    };
    const cfg = parseConfig(cloud);
    expect(cfg.WHATSAPP_CLOUD_API_ROOT).toBe('https://graph.facebook.com');
    expect(cfg.WHATSAPP_CLOUD_API_VERSION).toMatch(/^v\d+\.\d+$/);
    expect(cfg.WHATSAPP_CLOUD_TEMPLATE_NAME).toBeUndefined();
    expect(() => parseConfig({ WHATSAPP_CLOUD_TOKEN: cloud.WHATSAPP_CLOUD_TOKEN })).toThrow(
      /WHATSAPP_CLOUD_APP_SECRET: required when WHATSAPP_CLOUD_TOKEN is set/,
    );
    expect(() => parseConfig({ ...cloud, HTTP_ENABLED: 'false' })).toThrow(/HTTP_ENABLED: must be true/);
    expect(() => parseConfig({ ...cloud, WHATSAPP_CLOUD_API_VERSION: '23' })).toThrow(/WHATSAPP_CLOUD_API_VERSION/);
    try {
      parseConfig({ ...cloud, WHATSAPP_CLOUD_APP_SECRET: 'short' });
    } catch (err) {
      expect(String((err as Error).message)).toContain('value hidden');
      expect(String((err as Error).message)).not.toContain('short');
    }
  });

  it('pins a WhatsApp Web version only in the version format', () => {
    expect(parseConfig({ WHATSAPP_WEB_VERSION: '2.3000.1023204200' }).WHATSAPP_WEB_VERSION).toBe('2.3000.1023204200');
    expect(() => parseConfig({ WHATSAPP_WEB_VERSION: 'latest' })).toThrow(/WHATSAPP_WEB_VERSION/);
  });
});
