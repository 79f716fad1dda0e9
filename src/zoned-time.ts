/**
 * Dates and times as people at the hotline read them: in its time zone (HOTLINE_TIMEZONE),
 * never in the server's UTC. A status reply, a CSV export, the report and the digest all
 * show the same day for the same moment.
 */

type Moment = number | string | Date;
const toDate = (at: Moment) => (at instanceof Date ? at : new Date(at));

const partsCache = new Map<string, Intl.DateTimeFormat>();
function parts(at: Moment, timeZone: string): Record<string, string> {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(toDate(at)).map((p) => [p.type, p.value]));
}

/** Minutes the zone is ahead of UTC at that moment (420 for Asia/Jakarta). */
export function offsetMinutes(at: Moment, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.trunc(toDate(at).getTime() / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DD` in the zone. */
export function zonedDay(at: Moment, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-29T15:04:05+07:00`: unambiguous and sortable. */
export function zonedIso(at: Moment, timeZone: string): string {
  const p = parts(at, timeZone);
  const off = offsetMinutes(at, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const hh = String(Math.trunc(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${hh}:${mm}`;
}

/** The first millisecond of a `YYYY-MM-DD` day in the zone. */
export function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y as number, (m as number) - 1, d as number);
  // The offset at midnight may differ from the one at UTC midnight (DST); one correction settles it.
  let at = guess - offsetMinutes(guess, timeZone) * 60_000;
  at = guess - offsetMinutes(at, timeZone) * 60_000;
  return at;
}

/** [first ms of `from`, last ms of `to`] in the zone, both days inclusive. */
export function dayRange(from: string, to: string, timeZone: string): { startMs: number; endMs: number } {
  const [y, m, d] = to.split('-').map(Number);
  const dayAfter = new Date(Date.UTC(y as number, (m as number) - 1, (d as number) + 1)).toISOString().slice(0, 10);
  return { startMs: dayStart(from, timeZone), endMs: dayStart(dayAfter, timeZone) - 1 };
}

const LOCALES = { id: 'id-ID', en: 'en-GB' } as const;

/** Building an Intl.DateTimeFormat costs far more than using one: reports format thousands of times. */
const formats = new Map<string, Intl.DateTimeFormat>();
function format(kind: 'day' | 'dayTime', lang: 'id' | 'en', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${lang}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const day = { day: 'numeric', month: 'short', year: 'numeric', timeZone } as const;
    f = new Intl.DateTimeFormat(
      LOCALES[lang],
      kind === 'day' ? day : { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    );
    formats.set(key, f);
  }
  return f;
}

/** A date people read, "29 Nov 2026", in the zone. */
export function formatDay(at: Moment, lang: 'id' | 'en', timeZone: string): string {
  return format('day', lang, timeZone).format(toDate(at));
}

/** Date and time people read: "29 Nov 2026 15.04" in the zone. */
export function formatDayTime(at: Moment, lang: 'id' | 'en', timeZone: string): string {
  return format('dayTime', lang, timeZone).format(toDate(at));
}

/** The `YYYY-MM-DD` day `n` days after `day` (before, when negative). */
export function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, (d as number) + n)).toISOString().slice(0, 10);
}
