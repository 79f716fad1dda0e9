/**
 * The daily digest for the staff group: one chart image (complaints per day, by problem and
 * status, and how long workers waited for staff) with a short caption, and a text message
 * listing the conversations that went past the time limit, by pseudonym and ticket.
 */
import { CASE_STATUSES } from '../complaints/complaint-schema.js';
import { formatDay, formatDayTime } from '../zoned-time.js';
import type { ReportData } from './collect-report.js';
import {
  casesByCategorySpec,
  casesPerDaySpec,
  chartSvg,
  stackSvgs,
  svgToPng,
  type Translate,
  timeToTakeSpec,
} from './report-charts.js';

export interface Digest {
  /** Photo caption: Telegram allows 1024 characters. */
  caption: string;
  /** The overdue list, as a message of its own (4096 characters at most). */
  details: string;
  png: Buffer;
  fileName: string;
  /** The SVG the PNG was drawn from (tests, archives). */
  svg: string;
}

const MAX_LISTED = 15;

export async function buildDigest(
  data: ReportData,
  opts: { lang: 'id' | 'en'; t: Translate; days: number },
): Promise<Digest> {
  const { t, lang } = opts;
  const tz = data.timeZone;
  const day = (d: string) => formatDay(`${d}T12:00:00Z`, lang, 'UTC');
  const minutes = (m: number | null) =>
    m === null ? t('report.none_value') : t('report.minutes', { count: Math.round(m) });
  const charts = await Promise.all([
    chartSvg(casesPerDaySpec(data, t, (d) => day(d).replace(/ \d{4}$/, ''))),
    chartSvg(casesByCategorySpec(data, t)),
    chartSvg(timeToTakeSpec(data, t)),
  ]);
  const svg = stackSvgs(charts.map((c) => c.svg));
  const statuses = CASE_STATUSES.filter((s) => data.cases.byStatus[s] > 0)
    .map((s) => `${t(`complaint.status_label.${s}`)} ${data.cases.byStatus[s]}`)
    .join(', ');
  const h = data.handovers;
  const caption = [
    t('report.digest.caption', { days: opts.days, from: day(data.from), to: day(data.to) }),
    t('report.digest.cases', {
      count: data.cases.total,
      urgent: data.cases.urgent,
      statuses: statuses || t('report.none_value'),
    }),
    t('report.digest.handovers', {
      count: h.opened,
      taken: h.taken,
      median: minutes(h.takeMedianMinutes),
      p90: minutes(h.takeP90Minutes),
    }),
    t('report.digest.waiting_now', { count: data.waitingNow }),
  ]
    .join('\n')
    .slice(0, 1024);
  const lines = data.overdue.slice(0, MAX_LISTED).map((o) => {
    const params = {
      urgent: o.urgent ? '🔴 ' : '',
      pseudonym: o.pseudonym,
      ticket: o.ticket ? ` · ${o.ticket}` : '',
      since: formatDayTime(o.since, lang, tz),
    };
    return o.takenAt === undefined
      ? t('report.digest.overdue_waiting', params)
      : t('report.digest.overdue_taken', { ...params, taken: formatDayTime(o.takenAt, lang, tz) });
  });
  const more = data.overdue.length - lines.length;
  const details =
    data.overdue.length === 0
      ? t('report.digest.no_overdue')
      : [
          t('report.digest.overdue_title'),
          ...lines,
          ...(more > 0 ? [t('report.digest.overdue_more', { count: more })] : []),
        ].join('\n');
  return { caption, details: details.slice(0, 4096), png: await svgToPng(svg), fileName: `digest-${data.to}.png`, svg };
}
