/**
 * How fast the bot may post to the staff group: at most `limit` messages in any `windowMs`
 * (Telegram: about 20 a minute per group, all topics together), at least `minGapMs` apart,
 * and nothing while Telegram's `retry_after` runs. Pure: the caller passes the time.
 */

export interface RateWindowOptions {
  limit: number;
  windowMs: number;
  minGapMs: number;
}

export interface RateWindow {
  /** Milliseconds to wait before the next send is allowed (0: now). */
  waitMs(now: number): number;
  record(now: number): void;
  /** Telegram said 429: nothing goes out until `now + ms`. */
  pause(now: number, ms: number): void;
  readonly pausedUntil: number;
}

export function createRateWindow(opts: RateWindowOptions): RateWindow {
  const sent: number[] = [];
  let pausedUntil = 0;
  const prune = (now: number) => {
    while (sent.length > 0 && (sent[0] ?? 0) <= now - opts.windowMs) sent.shift();
  };
  return {
    waitMs(now) {
      prune(now);
      const paused = pausedUntil - now;
      const last = sent[sent.length - 1];
      const gap = last === undefined ? 0 : last + opts.minGapMs - now;
      const full = sent.length >= opts.limit ? (sent[0] ?? now) + opts.windowMs - now : 0;
      return Math.max(0, paused, gap, full);
    },
    record(now) {
      sent.push(now);
    },
    pause(now, ms) {
      pausedUntil = Math.max(pausedUntil, now + ms);
    },
    get pausedUntil() {
      return pausedUntil;
    },
  };
}
