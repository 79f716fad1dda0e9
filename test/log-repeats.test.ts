import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(windowMs: number) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) },
    repeats: { windowMs },
  });
  return { logger, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('repeated identical errors', () => {
  it('are written once, then counted into one line per window', () => {
    vi.useFakeTimers();
    const { logger, lines } = capture(30_000);
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 50; i++) logger.error({ err, attempt: i }, 'complaint worker error');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.err).toMatchObject({ code: 'ECONNREFUSED' });
    vi.advanceTimersByTime(30_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 50, repeated: 49, windowSeconds: 30 });
    expect(lines[1]?.msg).toBe('complaint worker error (repeated 49 more times in 30 s)');
    // Still failing: the next window gives one more count line, not the full line again.
    for (let i = 0; i < 5; i++) logger.error({ err }, 'complaint worker error');
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(30_000);
    expect(lines[2]).toMatchObject({ repeated: 5 });
    // A quiet window ends the episode: the next occurrence is logged in full.
    vi.advanceTimersByTime(30_000);
    expect(lines).toHaveLength(3);
    logger.error({ err }, 'complaint worker error');
    expect(lines.at(-1)?.err).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('keeps different errors, different messages and info lines apart', () => {
    const { logger, lines } = capture(10_000);
    logger.error({ err: new Error('a') }, 'redis error');
    logger.error({ err: new Error('b') }, 'redis error');
    logger.error({ err: new Error('a') }, 'queue error');
    logger.warn('slow');
    logger.warn('slow');
    for (let i = 0; i < 3; i++) logger.info('message handled');
    expect(lines.map((l) => l.msg)).toEqual([
      'redis error',
      'redis error',
      'queue error',
      'slow',
      'message handled',
      'message handled',
      'message handled',
    ]);
  });
});
