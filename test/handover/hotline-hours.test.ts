import { describe, expect, it } from 'vitest';
import { createHotlineClock, parseHours } from '../../src/handover/hotline-hours.js';

// 2026-11-30 is a Monday. Jakarta is UTC+7 all year.
const jkt = (h: number, m = 0) => Date.UTC(2026, 10, 30, h - 7, m);

describe('parseHours', () => {
  it('reads windows and 24/7', () => {
    expect(parseHours('08:00-20:00')).toEqual({ always: false, start: 480, end: 1200 });
    expect(parseHours('20:00-08:00')).toEqual({ always: false, start: 1200, end: 480 });
    expect(parseHours('24/7')).toEqual({ always: true });
    expect(parseHours('00:00-24:00')).toEqual({ always: true });
  });
});

describe('hotline clock', () => {
  const clock = createHotlineClock('08:00-20:00', 'Asia/Jakarta');

  it('knows when the hotline is open, in its own time zone', () => {
    expect(clock.isOpen(jkt(7, 59))).toBe(false);
    expect(clock.isOpen(jkt(8, 0))).toBe(true);
    expect(clock.isOpen(jkt(19, 59))).toBe(true);
    expect(clock.isOpen(jkt(20, 0))).toBe(false);
    expect(clock.clockTime(jkt(9, 5))).toBe('09:05');
  });

  it('finds the next opening later today or tomorrow', () => {
    expect(clock.nextOpening(jkt(10))).toBe(jkt(10));
    expect(clock.nextOpening(jkt(6, 30))).toBe(jkt(8));
    expect(clock.nextOpening(jkt(21, 15))).toBe(jkt(8) + 24 * 3600_000);
    expect(clock.closesAt(jkt(10, 30))).toBe(jkt(20));
    expect(clock.closesAt(jkt(21))).toBeNull();
  });

  it('handles a window across midnight', () => {
    const night = createHotlineClock('20:00-08:00', 'Asia/Jakarta');
    expect(night.isOpen(jkt(23))).toBe(true);
    expect(night.isOpen(jkt(3))).toBe(true);
    expect(night.isOpen(jkt(12))).toBe(false);
    expect(night.nextOpening(jkt(12))).toBe(jkt(20));
    expect(night.closesAt(jkt(23))).toBe(jkt(8) + 24 * 3600_000);
  });

  it('honours daylight saving in other zones', () => {
    // Europe/Amsterdam switches to summer time on 2026-03-29 at 02:00 local.
    const ams = createHotlineClock('08:00-20:00', 'Europe/Amsterdam');
    const saturdayNight = Date.UTC(2026, 2, 28, 22, 0); // 23:00 CET
    expect(ams.nextOpening(saturdayNight)).toBe(Date.UTC(2026, 2, 29, 6, 0)); // 08:00 CEST
  });

  it('describes a time for users in their language', () => {
    expect(clock.describe(jkt(8), 'id')).toMatch(/Senin.*08\.00.*WIB/);
    expect(clock.describe(jkt(8), 'en')).toMatch(/Monday.*08:00/);
  });

  it('is always open for 24/7', () => {
    const always = createHotlineClock('24/7', 'Asia/Jakarta');
    expect(always.isOpen(jkt(3))).toBe(true);
    expect(always.closesAt(jkt(3))).toBeNull();
  });
});
