/**
 * Hotline hours (`HOTLINE_HOURS`, `HH:MM-HH:MM` or `24/7`) in `HOTLINE_TIMEZONE`. A window may
 * cross midnight (`20:00-08:00`). Time zones come from Intl, so daylight saving is honoured.
 */

export type HoursSpec = { always: true } | { always: false; start: number; end: number };

/**
 * Minutes of the day; `24:00` is 1440 and the only time past 23:59. Equal start and end mean
 * always open. Null for anything else: the config check and the clock read hours the same way.
 */
export function parseHours(spec: string): HoursSpec | null {
  const trimmed = spec.trim();
  if (trimmed === '24/7') return { always: true };
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(trimmed);
  if (!m) return null;
  const minutes = (h: string | undefined, mm: string | undefined) => {
    const hour = Number(h);
    const minute = Number(mm);
    if (minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) return null;
    return hour * 60 + minute;
  };
  const start = minutes(m[1], m[2]);
  const end = minutes(m[3], m[4]);
  if (start === null || end === null || start === 1440) return null;
  if (start === end % 1440) return { always: true };
  return { always: false, start, end };
}

export interface HotlineClock {
  readonly timeZone: string;
  isOpen(at: number): boolean;
  /** The next moment the hotline is open: `at` itself when open now. */
  nextOpening(at: number): number;
  /** When the current opening ends; null when closed or always open. */
  closesAt(at: number): number | null;
  /** Local hour and minute, `HH:MM`. */
  clockTime(at: number): string;
  /** A day and time a person understands, in their language ("Senin, 30 November pukul 08.00 WIB"). */
  describe(at: number, lang: 'id' | 'en'): string;
}

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

export function createHotlineClock(spec: string, timeZone: string): HotlineClock {
  const hours = parseHours(spec);
  if (!hours) throw new RangeError(`HOTLINE_HOURS: not HH:MM-HH:MM (00:00 to 24:00) or 24/7: ${spec}`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const longFormats = {
    id: new Intl.DateTimeFormat('id-ID', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }),
    en: new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }),
  };

  function local(at: number) {
    const p: Record<string, number> = {};
    for (const part of parts.formatToParts(new Date(at)))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    const floored = at - (((at % 1000) + 1000) % 1000);
    return { minutes: (p.hour ?? 0) * 60 + (p.minute ?? 0), seconds: p.second ?? 0, offset: asUtc - floored };
  }

  const openAt = (minutes: number) =>
    hours.always ||
    (hours.start < hours.end
      ? minutes >= hours.start && minutes < hours.end
      : minutes >= hours.start || minutes < hours.end);

  /** `at` moved forward to local minute `target` (today or tomorrow), corrected for an offset change. */
  function advanceTo(at: number, target: number): number {
    const now = local(at);
    const wait = (((target - now.minutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    const candidate = at - now.seconds * 1000 - (at % 1000) + wait * MINUTE;
    return candidate + (now.offset - local(candidate).offset);
  }

  return {
    timeZone,
    isOpen: (at) => openAt(local(at).minutes),
    nextOpening(at) {
      if (hours.always || openAt(local(at).minutes)) return at;
      return advanceTo(at, hours.start);
    },
    closesAt(at) {
      if (hours.always || !openAt(local(at).minutes)) return null;
      return advanceTo(at, hours.end % DAY_MINUTES);
    },
    clockTime(at) {
      const { minutes } = local(at);
      return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    },
    describe: (at, lang) => longFormats[lang].format(new Date(at)),
  };
}
