import { describe, expect, it } from 'vitest';
import { createRateWindow } from '../../src/handover/rate-window.js';

describe('rate window', () => {
  it('allows at most `limit` sends in any window, spaced by the least gap', () => {
    const w = createRateWindow({ limit: 3, windowMs: 60_000, minGapMs: 1000 });
    expect(w.waitMs(0)).toBe(0);
    w.record(0);
    expect(w.waitMs(0)).toBe(1000);
    w.record(1000);
    w.record(2000);
    expect(w.waitMs(3000)).toBe(57_000);
    expect(w.waitMs(60_000)).toBe(0);
  });

  it('waits out a 429 pause', () => {
    const w = createRateWindow({ limit: 20, windowMs: 60_000, minGapMs: 0 });
    w.pause(100, 5000);
    expect(w.waitMs(100)).toBe(5000);
    expect(w.waitMs(5100)).toBe(0);
    w.pause(5100, 1000);
    w.pause(5100, 500);
    expect(w.pausedUntil).toBe(6100);
  });
});
