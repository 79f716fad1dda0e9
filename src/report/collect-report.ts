/**
 * The figures of the supervisors' report and daily digest for a range of days in the
 * hotline's time zone: cases by category and status, by country and by day; how long
 * workers waited for staff; which handovers went past the SLA (by pseudonym and ticket, the
 * names staff already see). Never a message, a name or a number.
 */
import { CASE_STATUSES, type CaseRecord, type CaseStatus } from '../complaints/complaint-schema.js';
import type { OverdueCase } from '../complaints/overdue-cases.js';
import type { HandoverEvent, HandoverLog } from '../handover/handover-log.js';
import type { HandoverSnapshot } from '../handover/handover-snapshot.js';
import { findCases } from '../privacy/case-export.js';
import type { RedisClient } from '../redis.js';
import { dayRange, zonedDay } from '../zoned-time.js';

export interface CategoryRow {
  category: string;
  total: number;
  byStatus: Record<CaseStatus, number>;
}

/** Waits until staff took a conversation, in minutes: upper bounds of the chart's bars. */
export const TAKE_BUCKETS = [
  { id: 'm5', maxMinutes: 5 },
  { id: 'm15', maxMinutes: 15 },
  { id: 'm60', maxMinutes: 60 },
  { id: 'h4', maxMinutes: 240 },
  { id: 'more', maxMinutes: Number.POSITIVE_INFINITY },
] as const;
export type TakeBucketId = (typeof TAKE_BUCKETS)[number]['id'];

export interface OverdueItem {
  pseudonym: string;
  ticket?: string;
  urgent: boolean;
  /** When the wait began counting (ms). */
  since: number;
  /** When staff took it (ms); absent while still waiting. */
  takenAt?: number;
}

export interface ReportData {
  from: string;
  to: string;
  timeZone: string;
  generatedAt: number;
  cases: {
    total: number;
    urgent: number;
    byStatus: Record<CaseStatus, number>;
    byCategory: CategoryRow[];
    byCountry: { country: string; n: number }[];
    byDay: { day: string; n: number; urgent: number }[];
  };
  handovers: {
    opened: number;
    openedUrgent: number;
    taken: number;
    takenLate: number;
    /** Median and 90th percentile of the wait, in minutes; null without any take. */
    takeMedianMinutes: number | null;
    takeP90Minutes: number | null;
    takeBuckets: { id: TakeBucketId; urgent: number; other: number }[];
  };
  /** Handovers that went past the SLA in the range, and those still waiting past it now. */
  overdue: OverdueItem[];
  /** Conversations waiting for staff right now (digest); empty when not asked. */
  waitingNow: number;
  /** Open cases past their next-step deadline now, whatever day they were filed; when asked. */
  casesOverdue?: OverdueCase[];
}

export interface CollectDeps {
  redis: RedisClient;
  /** REDIS_PREFIX. */
  prefix: string;
  log: Pick<HandoverLog, 'range'>;
  /** Who waits right now (the digest); the report of past days leaves it out. */
  snapshot?: () => Promise<HandoverSnapshot>;
}

const zeroStatuses = (): Record<CaseStatus, number> =>
  Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export function summarizeCases(cases: CaseRecord[], from: string, to: string, timeZone: string): ReportData['cases'] {
  const byStatus = zeroStatuses();
  const categories = new Map<string, CategoryRow>();
  const countries = new Map<string, number>();
  const days = new Map(daysBetween(from, to).map((d) => [d, { day: d, n: 0, urgent: 0 }]));
  let urgent = 0;
  for (const c of cases) {
    const k = c.complaint;
    byStatus[c.status] += 1;
    const row = categories.get(k.category) ?? { category: k.category, total: 0, byStatus: zeroStatuses() };
    row.total += 1;
    row.byStatus[c.status] += 1;
    categories.set(k.category, row);
    countries.set(k.country, (countries.get(k.country) ?? 0) + 1);
    const day = days.get(zonedDay(k.createdAt, timeZone));
    if (day) {
      day.n += 1;
      if (k.urgent) day.urgent += 1;
    }
    if (k.urgent) urgent += 1;
  }
  return {
    total: cases.length,
    urgent,
    byStatus,
    byCategory: [...categories.values()].sort((a, b) => b.total - a.total || a.category.localeCompare(b.category)),
    byCountry: [...countries]
      .map(([country, n]) => ({ country, n }))
      .sort((a, b) => b.n - a.n || a.country.localeCompare(b.country)),
    byDay: [...days.values()],
  };
}

export function summarizeHandovers(events: HandoverEvent[]): Pick<ReportData, 'handovers' | 'overdue'> {
  const waits: number[] = [];
  const buckets = TAKE_BUCKETS.map((b) => ({ id: b.id, urgent: 0, other: 0 }));
  let opened = 0;
  let openedUrgent = 0;
  let takenLate = 0;
  const overdue = new Map<string, OverdueItem>();
  const key = (pseudonym: string, since: number) => `${pseudonym}|${since}`;
  for (const e of events) {
    if (e.kind === 'opened') {
      opened += 1;
      if (e.urgent) openedUrgent += 1;
    } else if (e.kind === 'overdue') {
      overdue.set(key(e.pseudonym, e.since), {
        pseudonym: e.pseudonym,
        urgent: e.urgent,
        since: e.since,
        ...(e.ticket ? { ticket: e.ticket } : {}),
      });
    } else {
      const minutes = Math.max(0, (e.at - e.since) / 60_000);
      waits.push(minutes);
      const i = TAKE_BUCKETS.findIndex((b) => minutes <= b.maxMinutes);
      const bucket = buckets[i] as (typeof buckets)[number];
      if (e.urgent) bucket.urgent += 1;
      else bucket.other += 1;
      if (e.overdue) {
        takenLate += 1;
        const item = overdue.get(key(e.pseudonym, e.since));
        overdue.set(key(e.pseudonym, e.since), {
          pseudonym: e.pseudonym,
          urgent: e.urgent,
          since: e.since,
          takenAt: e.at,
          ...((item?.ticket ?? e.ticket) ? { ticket: item?.ticket ?? e.ticket } : {}),
        });
      }
    }
  }
  waits.sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    handovers: {
      opened,
      openedUrgent,
      taken: waits.length,
      takenLate,
      takeMedianMinutes: round(quantile(waits, 0.5)),
      takeP90Minutes: round(quantile(waits, 0.9)),
      takeBuckets: buckets,
    },
    overdue: [...overdue.values()],
  };
}

export async function collectReport(
  deps: CollectDeps,
  range: { from: string; to: string; timeZone: string; now?: number },
): Promise<ReportData> {
  const { from, to, timeZone } = range;
  const { startMs, endMs } = dayRange(from, to, timeZone);
  const [{ cases }, events, snapshot] = await Promise.all([
    findCases(deps.redis, deps.prefix, { from, to, timeZone }),
    deps.log.range(startMs, endMs),
    deps.snapshot ? deps.snapshot() : Promise.resolve(null),
  ]);
  const { handovers, overdue } = summarizeHandovers(events);
  // Still waiting past the SLA now, whatever day it began (the digest lists these first);
  // one that went overdue within the range is already in the list.
  const live: OverdueItem[] = [];
  for (const w of snapshot?.waiting ?? []) {
    if (w.overdueAt === undefined) continue;
    if (overdue.some((o) => o.pseudonym === w.pseudonym && o.takenAt === undefined)) continue;
    live.push({ pseudonym: w.pseudonym, urgent: w.urgent, since: w.since, ...(w.ticket ? { ticket: w.ticket } : {}) });
  }
  const all = [...live, ...overdue].sort(
    (a, b) =>
      Number(a.takenAt !== undefined) - Number(b.takenAt !== undefined) ||
      Number(b.urgent) - Number(a.urgent) ||
      a.since - b.since,
  );
  return {
    from,
    to,
    timeZone,
    generatedAt: range.now ?? Date.now(),
    cases: summarizeCases(cases, from, to, timeZone),
    handovers,
    overdue: all,
    waitingNow: snapshot?.waiting.length ?? 0,
  };
}
