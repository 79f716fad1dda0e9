import { describe, expect, it } from 'vitest';
import { createLogger, hashUserId, scrubText, serializeError } from '../src/logger.js';

function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('censors personal fields at the top level and one level down', () => {
    const { logger, text, lines } = capture();
    logger.info(
      {
        text: 'majikan saya Pak Budi memukul saya',
        userId: '628123456789@c.us',
        message: { text: 'tolong saya', channel: 'whatsapp' },
        complaint: { description: 'gaji tidak dibayar', contact: { value: '+852 9123 4567' }, category: 'violence' },
        session: { slots: { employerName: 'Budi Santoso' } },
        count: 3,
      },
      'handled',
    );
    const out = text();
    for (const secret of ['Pak Budi', '628123456789', 'tolong saya', 'gaji tidak', '9123', 'Budi Santoso']) {
      expect(out).not.toContain(secret);
    }
    const line = JSON.parse(lines[0] as string);
    expect(line.count).toBe(3);
    expect(line.complaint.category).toBe('violence');
    expect(line.message.channel).toBe('whatsapp');
  });

  it('scrubs phone numbers and e-mail addresses from messages and printf values', () => {
    const { logger, text } = capture();
    logger.warn('lookup for %s failed', '0812-3456-7890');
    logger.warn('sending to +62 812 3456 7890 / siti@example.com failed');
    const out = text();
    expect(out).not.toMatch(/3456|7890|siti@example/);
    expect(out).toContain('[number]');
    expect(out).toContain('[email]');
  });

  it('keeps dates, times, tickets and counts readable', () => {
    expect(scrubText('case ADU-7K3Q9X2M on 2026-11-29 at 10:30, 12 jobs')).toBe(
      'case ADU-7K3Q9X2M on 2026-11-29 at 10:30, 12 jobs',
    );
  });

  it('serialises errors without their extra properties, scrubbing message and stack', () => {
    const err = Object.assign(new Error('ERR wrong value for 6281234567890'), {
      command: { name: 'set', args: ['k', '{"description":"dipukul majikan"}'] },
      code: 'ERR_X',
    });
    const { logger, text } = capture();
    logger.error({ err }, 'redis failed');
    logger.error(new Error('chat 123456789 blocked'));
    const out = text();
    expect(out).not.toContain('dipukul');
    expect(out).not.toContain('6281234567890');
    expect(out).not.toContain('123456789');
    expect(out).toContain('ERR_X');
    expect(serializeError(err)).toMatchObject({ type: 'Error', code: 'ERR_X' });
    expect(serializeError('call 081234567890')).toBe('call [number]');
  });

  it('hashes user ids stably and differently per secret', () => {
    expect(hashUserId('telegram', '42', 's')).toBe(hashUserId('telegram', '42', 's'));
    expect(hashUserId('telegram', '42', 's')).not.toBe(hashUserId('telegram', '42', 't'));
    expect(hashUserId('telegram', '42')).not.toContain('42');
  });
});
