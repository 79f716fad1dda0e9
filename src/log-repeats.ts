/**
 * Rate limit for repeated identical warnings and errors. When Redis or a network goes away,
 * every client, worker and timer reports the same failure many times a second; the first one
 * is logged in full, the rest of a window are only counted, and when the window ends one line
 * says how many there were. A failure that keeps going gives one line per window instead of
 * thousands, and nothing is hidden: the count is there.
 */

export interface RepeatFilterOptions {
  /** Length of a window, from the first occurrence. Default 30 s. */
  windowMs?: number;
  /** Lowest pino level that is filtered (40 = warn). Lower levels always pass. */
  minLevel?: number;
  /** Distinct messages tracked at once; beyond it new ones pass unfiltered. Default 500. */
  maxKeys?: number;
}

export interface RepeatSummary {
  level: number;
  /** The repeated line's message. */
  message: string;
  /** How many were suppressed in the window. */
  count: number;
  windowMs: number;
}

export interface RepeatFilter {
  /**
   * True when the line should be written; false when it was counted instead. `emit` writes
   * the summary at the end of the window (through the logger that wrote the first line).
   */
  admit(level: number, key: string, message: string, emit: (summary: RepeatSummary) => void): boolean;
  /** Writes the summaries now (tests, shutdown). */
  flush(): void;
}

interface Entry {
  emit: (summary: RepeatSummary) => void;
  level: number;
  message: string;
  count: number;
  timer: NodeJS.Timeout;
}

export function createRepeatFilter(options: RepeatFilterOptions = {}): RepeatFilter {
  const windowMs = options.windowMs ?? 30_000;
  const minLevel = options.minLevel ?? 40;
  const maxKeys = options.maxKeys ?? 500;
  const entries = new Map<string, Entry>();

  const close = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    if (entry.count === 0) {
      entries.delete(key);
      return;
    }
    entry.emit({ level: entry.level, message: entry.message, count: entry.count, windowMs });
    // The failure is still going on: keep counting in a new window instead of logging it in full again.
    entry.count = 0;
    entry.timer = schedule(key);
  };
  const schedule = (key: string) => {
    const timer = setTimeout(() => close(key), windowMs);
    timer.unref();
    return timer;
  };

  return {
    admit(level, key, message, emit) {
      if (level < minLevel) return true;
      const entry = entries.get(key);
      if (entry) {
        entry.count += 1;
        return false;
      }
      if (entries.size >= maxKeys) return true;
      entries.set(key, { emit, level, message, count: 0, timer: schedule(key) });
      return true;
    },
    flush() {
      for (const key of [...entries.keys()]) {
        close(key);
        const entry = entries.get(key);
        if (entry) clearTimeout(entry.timer);
        entries.delete(key);
      }
    },
  };
}
