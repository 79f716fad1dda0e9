import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
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
});
