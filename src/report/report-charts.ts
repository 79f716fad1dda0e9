/**
 * The report's charts, drawn by Vega (vega.github.io, a maintained charting library) with its
 * SVG renderer, which needs no browser and no canvas; the digest's PNG is that SVG drawn by
 * resvg. Both work offline. Every bar carries an ARIA label ("Kekerasan, diterima: 3") so the
 * HTML report reads out, and a test can count the bars in a real browser.
 */
import type { Spec } from 'vega';
import { CASE_STATUSES } from '../complaints/complaint-schema.js';
import type { ReportData } from './collect-report.js';
import { TAKE_BUCKETS } from './collect-report.js';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ChartSvg {
  svg: string;
  /** Bars drawn (for the text alternative and the tests). */
  bars: number;
}

/** A font the image (fonts-dejavu-core) and Debian machines have; the PNG renderer needs a real one. */
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const STATUS_COLORS = ['#e45756', '#f58518', '#4c78a8', '#54a24b', '#9d9d9d'];
const URGENCY_COLORS = ['#e45756', '#4c78a8'];

const config = {
  font: FONT,
  title: { fontSize: 14, anchor: 'start', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

function barMark(from: string, encode: Record<string, unknown>, description: string): Record<string, unknown> {
  return {
    type: 'rect',
    name: 'bars',
    from: { data: from },
    encode: {
      enter: {
        ...encode,
        ariaRoleDescription: { value: 'bar' },
        description: { signal: description },
        tooltip: { signal: description },
      },
    },
  };
}

/** Complaints by problem (rows), stacked by status. */
export function casesByCategorySpec(data: ReportData, t: Translate): { spec: Spec; bars: number } {
  const statusLabels = CASE_STATUSES.map((s) => t(`complaint.status_label.${s}`));
  const rows = data.cases.byCategory.map((r) => t(`complaint.category.${r.category}`));
  const values = data.cases.byCategory.flatMap((r) =>
    CASE_STATUSES.filter((s) => r.byStatus[s] > 0).map((s) => ({
      category: t(`complaint.category.${r.category}`),
      status: t(`complaint.status_label.${s}`),
      order: CASE_STATUSES.indexOf(s),
      n: r.byStatus[s],
    })),
  );
  const height = Math.max(60, rows.length * 26);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 420,
    height,
    padding: 8,
    config,
    title: { text: t('report.chart.cases_by_category') },
    data: [
      {
        name: 'cells',
        values,
        transform: [{ type: 'stack', groupby: ['category'], field: 'n', sort: { field: 'order' } }],
      },
    ],
    scales: [
      { name: 'y', type: 'band', domain: rows, range: 'height', padding: 0.2 },
      {
        name: 'x',
        type: 'linear',
        domain: { data: 'cells', field: 'y1' },
        domainMin: 0,
        range: 'width',
        nice: true,
        zero: true,
      },
      { name: 'color', type: 'ordinal', domain: statusLabels, range: STATUS_COLORS },
    ],
    axes: [
      { orient: 'left', scale: 'y' },
      { orient: 'bottom', scale: 'x', title: t('report.chart.count'), tickMinStep: 1, format: 'd' },
    ],
    legends: [{ fill: 'color', title: t('report.chart.status'), orient: 'right' }],
    marks: [
      barMark(
        'cells',
        {
          y: { scale: 'y', field: 'category' },
          height: { scale: 'y', band: 1 },
          x: { scale: 'x', field: 'y0' },
          x2: { scale: 'x', field: 'y1' },
          fill: { scale: 'color', field: 'status' },
        },
        "datum.category + ', ' + datum.status + ': ' + datum.n",
      ),
    ],
  };
  return { spec: spec as unknown as Spec, bars: values.length };
}

/** How long workers waited for staff, in bands, stacked urgent / ordinary. */
export function timeToTakeSpec(data: ReportData, t: Translate): { spec: Spec; bars: number } {
  const labels = TAKE_BUCKETS.map((b) => t(`report.bucket.${b.id}`));
  const urgent = t('report.chart.urgent');
  const other = t('report.chart.other');
  const values = data.handovers.takeBuckets.flatMap((b) => [
    ...(b.urgent > 0 ? [{ bucket: t(`report.bucket.${b.id}`), kind: urgent, order: 0, n: b.urgent }] : []),
    ...(b.other > 0 ? [{ bucket: t(`report.bucket.${b.id}`), kind: other, order: 1, n: b.other }] : []),
  ]);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 420,
    height: 180,
    padding: 8,
    config,
    title: { text: t('report.chart.time_to_take') },
    data: [
      {
        name: 'cells',
        values,
        transform: [{ type: 'stack', groupby: ['bucket'], field: 'n', sort: { field: 'order' } }],
      },
    ],
    scales: [
      { name: 'x', type: 'band', domain: labels, range: 'width', padding: 0.25 },
      { name: 'y', type: 'linear', domain: { data: 'cells', field: 'y1' }, domainMin: 0, range: 'height', nice: true },
      { name: 'color', type: 'ordinal', domain: [urgent, other], range: URGENCY_COLORS },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: t('report.chart.wait') },
      { orient: 'left', scale: 'y', title: t('report.chart.count'), tickMinStep: 1, format: 'd' },
    ],
    legends: [{ fill: 'color', title: t('report.chart.urgency'), orient: 'right' }],
    marks: [
      barMark(
        'cells',
        {
          x: { scale: 'x', field: 'bucket' },
          width: { scale: 'x', band: 1 },
          y: { scale: 'y', field: 'y1' },
          y2: { scale: 'y', field: 'y0' },
          fill: { scale: 'color', field: 'kind' },
        },
        "datum.bucket + ', ' + datum.kind + ': ' + datum.n",
      ),
    ],
  };
  return { spec: spec as unknown as Spec, bars: values.length };
}

/** Complaints per day of the range, urgent ones in their own colour. */
export function casesPerDaySpec(
  data: ReportData,
  t: Translate,
  dayLabel: (day: string) => string,
): { spec: Spec; bars: number } {
  const urgent = t('report.chart.urgent');
  const other = t('report.chart.other');
  const days = data.cases.byDay.map((d) => dayLabel(d.day));
  const values = data.cases.byDay.flatMap((d) => [
    ...(d.urgent > 0 ? [{ day: dayLabel(d.day), kind: urgent, order: 0, n: d.urgent }] : []),
    ...(d.n - d.urgent > 0 ? [{ day: dayLabel(d.day), kind: other, order: 1, n: d.n - d.urgent }] : []),
  ]);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: Math.max(300, Math.min(900, days.length * 36)),
    height: 160,
    padding: 8,
    config,
    title: { text: t('report.chart.cases_per_day') },
    data: [
      {
        name: 'cells',
        values,
        transform: [{ type: 'stack', groupby: ['day'], field: 'n', sort: { field: 'order' } }],
      },
    ],
    scales: [
      { name: 'x', type: 'band', domain: days, range: 'width', padding: 0.2 },
      { name: 'y', type: 'linear', domain: { data: 'cells', field: 'y1' }, domainMin: 0, range: 'height', nice: true },
      { name: 'color', type: 'ordinal', domain: [urgent, other], range: URGENCY_COLORS },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        labelAngle: days.length > 14 ? -45 : 0,
        labelAlign: days.length > 14 ? 'right' : 'center',
      },
      { orient: 'left', scale: 'y', title: t('report.chart.count'), tickMinStep: 1, format: 'd' },
    ],
    legends: [{ fill: 'color', orient: 'right' }],
    marks: [
      barMark(
        'cells',
        {
          x: { scale: 'x', field: 'day' },
          width: { scale: 'x', band: 1 },
          y: { scale: 'y', field: 'y1' },
          y2: { scale: 'y', field: 'y0' },
          fill: { scale: 'color', field: 'kind' },
        },
        "datum.day + ', ' + datum.kind + ': ' + datum.n",
      ),
    ],
  };
  return { spec: spec as unknown as Spec, bars: values.length };
}

/** Draws a spec to SVG with Vega's headless renderer. */
export async function renderSvg(spec: Spec): Promise<string> {
  // Loaded on first use: Vega and resvg are a third of the bot's start-up, and only the daily
  // digest and the supervisors' report draw charts.
  const { parse, View } = await import('vega');
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function chartSvg(chart: { spec: Spec; bars: number }): Promise<ChartSvg> {
  return { svg: await renderSvg(chart.spec), bars: chart.bars };
}

const SIZE = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/;

/** Several SVG charts, one under the other, in one SVG (the digest's single image). */
export function stackSvgs(svgs: string[], gap = 16): string {
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const svg of svgs) {
    const m = SIZE.exec(svg);
    const w = Number(m?.[1] ?? 600);
    const h = Number(m?.[2] ?? 300);
    parts.push(svg.replace(/^<svg /, `<svg x="0" y="${y}" `));
    y += h + gap;
    width = Math.max(width, w);
  }
  const height = Math.max(1, y - gap);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
}

/** An SVG as a PNG, at `scale` (2: sharp on phones), with the machine's fonts. */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}
