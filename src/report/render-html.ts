/**
 * The supervisors' report as one HTML file: figures, charts as inline SVG, and tables. No
 * script, no font, no image from anywhere: it opens offline, can be mailed or archived, and its
 * Content-Security-Policy forbids every request. All text is escaped.
 */
import { countryName } from '../complaints/complaint-actions.js';
import { formatDay, formatDayTime } from '../zoned-time.js';
import type { ReportData } from './collect-report.js';
import {
  type ChartSvg,
  casesByCategorySpec,
  casesPerDaySpec,
  chartSvg,
  type Translate,
  timeToTakeSpec,
} from './report-charts.js';

export interface HtmlOptions {
  lang: 'id' | 'en';
  t: Translate;
  slaMinutes: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
.muted{color:#666;font-size:.9rem}
.figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0;padding:0}
.figures div{border:1px solid #ddd;border-radius:.4rem;padding:.6rem .9rem;min-width:9rem}
.figures dt{font-size:.8rem;color:#666}.figures dd{margin:0;font-size:1.4rem;font-weight:bold}
figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .7rem;text-align:left}
td.n,th.n{text-align:right}.urgent{color:#b00020;font-weight:bold}
@media print{body{margin:0}}`;

function minutesText(t: Translate, minutes: number | null): string {
  return minutes === null ? t('report.none_value') : t('report.minutes', { count: Math.round(minutes) });
}

function chart(id: string, c: ChartSvg, t: Translate): string {
  if (c.bars === 0) return `<figure id="${id}"><p class="muted">${escapeHtml(t('report.chart.empty'))}</p></figure>`;
  return `<figure id="${id}" class="chart" data-bars="${c.bars}">${c.svg}</figure>`;
}

export async function renderReportHtml(data: ReportData, opts: HtmlOptions): Promise<string> {
  const { t, lang } = opts;
  const tz = data.timeZone;
  const e = escapeHtml;
  const day = (d: string) => formatDay(`${d}T12:00:00Z`, lang, 'UTC');
  const [cases, take, perDay] = await Promise.all([
    chartSvg(casesByCategorySpec(data, t)),
    chartSvg(timeToTakeSpec(data, t)),
    chartSvg(casesPerDaySpec(data, t, (d) => formatDay(`${d}T12:00:00Z`, lang, 'UTC').replace(/ \d{4}$/, ''))),
  ]);
  const h = data.handovers;
  const figures: [string, string][] = [
    [t('report.figures.cases'), String(data.cases.total)],
    [t('report.figures.urgent'), String(data.cases.urgent)],
    [t('report.figures.handovers'), String(h.opened)],
    [t('report.figures.taken'), String(h.taken)],
    [t('report.figures.median_wait'), minutesText(t, h.takeMedianMinutes)],
    [t('report.figures.p90_wait'), minutesText(t, h.takeP90Minutes)],
    [t('report.figures.late'), String(data.overdue.length)],
  ];
  const statusHeads = (['received', 'in_review', 'referred', 'resolved', 'closed'] as const).map((s) => ({
    s,
    label: t(`complaint.status_label.${s}`),
  }));
  const categoryRows = data.cases.byCategory
    .map(
      (r) =>
        `<tr><td>${e(t(`complaint.category.${r.category}`))}</td>${statusHeads
          .map(({ s }) => `<td class="n">${r.byStatus[s]}</td>`)
          .join('')}<td class="n"><b>${r.total}</b></td></tr>`,
    )
    .join('');
  const overdueRows = data.overdue
    .map(
      (o) =>
        `<tr${o.urgent ? ' class="urgent"' : ''}><td>${e(o.pseudonym)}${o.urgent ? ` (${e(t('report.overdue.urgent'))})` : ''}</td><td>${e(o.ticket ?? t('report.none_value'))}</td><td>${e(formatDayTime(o.since, lang, tz))}</td><td>${e(o.takenAt === undefined ? t('report.overdue.still_waiting') : formatDayTime(o.takenAt, lang, tz))}</td></tr>`,
    )
    .join('');
  const countryRows = data.cases.byCountry
    .map((c) => `<tr><td>${e(countryName(c.country, lang))} (${e(c.country)})</td><td class="n">${c.n}</td></tr>`)
    .join('');

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(t('report.title'))}: ${e(day(data.from))} – ${e(day(data.to))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(t('report.title'))}</h1>
<p>${e(t('report.range', { from: day(data.from), to: day(data.to) }))}</p>
<p class="muted">${e(t('report.time_zone', { zone: tz }))}</p>
</header>
<dl class="figures">${figures.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>
<section>
${chart('chart-cases', cases, t)}
<table id="table-cases"><thead><tr><th>${e(t('report.table.category'))}</th>${statusHeads
    .map((x) => `<th class="n">${e(x.label)}</th>`)
    .join('')}<th class="n">${e(t('report.table.total'))}</th></tr></thead><tbody>${categoryRows}</tbody></table>
</section>
<section>
${chart('chart-per-day', perDay, t)}
</section>
<section>
${chart('chart-take', take, t)}
</section>
<section>
<h2>${e(t('report.overdue.title', { minutes: opts.slaMinutes }))}</h2>
${
  data.overdue.length === 0
    ? `<p>${e(t('report.overdue.none'))}</p>`
    : `<table id="table-overdue"><thead><tr><th>${e(t('report.overdue.pseudonym'))}</th><th>${e(t('report.overdue.ticket'))}</th><th>${e(t('report.overdue.since'))}</th><th>${e(t('report.overdue.taken'))}</th></tr></thead><tbody>${overdueRows}</tbody></table>`
}
</section>
${
  data.casesOverdue === undefined
    ? ''
    : `<section>
<h2>${e(t('report.cases_overdue.title'))}</h2>
${
  data.casesOverdue.length === 0
    ? `<p>${e(t('report.cases_overdue.none'))}</p>`
    : `<table id="table-cases-overdue"><thead><tr><th>${e(t('report.overdue.ticket'))}</th><th>${e(t('report.cases_overdue.category'))}</th><th>${e(t('report.table.country'))}</th><th>${e(t('report.cases_overdue.status'))}</th><th>${e(t('report.cases_overdue.due'))}</th></tr></thead><tbody>${data.casesOverdue
        .map(
          (c) =>
            `<tr${c.urgent ? ' class="urgent"' : ''}><td>${e(c.ticket)}</td><td>${e(t(`complaint.category.${c.category}`))}</td><td>${e(c.country)}</td><td>${e(t(`complaint.status_label.${c.status}`))}</td><td>${e(formatDayTime(c.due, lang, tz))}</td></tr>`,
        )
        .join('')}</tbody></table>`
}
</section>`
}
<section>
<h2>${e(t('report.by_country'))}</h2>
<table id="table-countries"><thead><tr><th>${e(t('report.table.country'))}</th><th class="n">${e(t('report.table.cases'))}</th></tr></thead><tbody>${countryRows}</tbody></table>
</section>
<footer><p class="muted">${e(t('report.generated', { at: formatDayTime(data.generatedAt, lang, tz) }))}</p></footer>
</body>
</html>
`;
}
