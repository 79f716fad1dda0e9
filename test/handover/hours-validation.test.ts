/** The config check and the hotline clock read HOTLINE_HOURS the same way: 24:00 only as an end. */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { createHotlineClock, parseHours } from '../../src/handover/hotline-hours.js';

const accepted = (v: string) => configSchema.shape.HOTLINE_HOURS.safeParse(v).success;

describe('HOTLINE_HOURS', () => {
  it.each(['08:00-24:30', '24:00-08:00', '08:60-20:00', '25:00-08:00', '8:00-20:00', 'always'])('refuses %j', (v) => {
    expect(accepted(v)).toBe(false);
    expect(parseHours(v)).toBeNull();
    expect(() => createHotlineClock(v, 'Asia/Jakarta')).toThrow(RangeError);
  });

  it.each(['08:00-24:00', '20:00-08:00', '24/7', '00:00-24:00', '07:30-16:45'])('accepts %j', (v) => {
    expect(accepted(v)).toBe(true);
    expect(parseHours(v)).not.toBeNull();
  });
});
