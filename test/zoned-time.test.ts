import { describe, expect, it } from 'vitest';
import { dayRange, dayStart, formatDay, zonedDay, zonedIso } from '../src/zoned-time.js';

describe('zoned time', () => {
  const late = Date.UTC(2026, 10, 29, 20, 30); // 29 Nov 20:30 UTC = 30 Nov 03:30 in Jakarta
  it('shows the hotline day, not the server day', () => {
    expect(zonedDay(late, 'Asia/Jakarta')).toBe('2026-11-30');
    expect(zonedDay(late, 'UTC')).toBe('2026-11-29');
    expect(zonedIso(late, 'Asia/Jakarta')).toBe('2026-11-30T03:30:00+07:00');
    expect(zonedIso('2026-03-08T12:00:00Z', 'America/New_York')).toBe('2026-03-08T08:00:00-04:00');
    expect(formatDay(late, 'id', 'Asia/Jakarta')).toBe('30 Nov 2026');
    expect(formatDay(late, 'en', 'Asia/Jakarta')).toBe('30 Nov 2026');
  });

  it('turns days into time ranges in the zone, also across a DST change', () => {
    expect(new Date(dayStart('2026-11-30', 'Asia/Jakarta')).toISOString()).toBe('2026-11-29T17:00:00.000Z');
    const r = dayRange('2026-11-24', '2026-11-30', 'Asia/Jakarta');
    expect(new Date(r.startMs).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(new Date(r.endMs).toISOString()).toBe('2026-11-30T16:59:59.999Z');
    // New York moves from -05:00 to -04:00 on 8 March 2026.
    expect(new Date(dayStart('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(dayStart('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
});
