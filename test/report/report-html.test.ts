/**
 * `npm run --silent report -- --from --to --out FILE.html` on a seeded week, opened in Debian's
 * chromium (headless, through puppeteer-core): no console error, no request of any kind (it
 * must open offline), and the charts have the expected bars, with lengths that match the counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { CHROMIUM, tool } from '../helpers/tools.js';
import { EXPECTED_CASE_BARS, seedWeek, WEEK } from './seed-week.js';

const redis = testRedis();
const prefix = testPrefix();
const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
const out = join(dir, 'week.html');

function report(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_PREFIX: prefix, HOTLINE_TIMEZONE: WEEK.timeZone },
    timeout: 60_000,
  });
}

beforeAll(async () => {
  await seedWeek(redis, prefix);
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run report', () => {
  it('writes one HTML file with inline charts and no reference to anything outside it', () => {
    const run = report('--from', WEEK.from, '--to', WEEK.to, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/complaints 8, handovers 4, past the time limit 2, cases overdue \d+ -> /);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(http/i);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    // The seeded week is long past: its open cases are past their next-step deadline.
    const late = Number(/cases overdue (\d+)/.exec(run.stderr)?.[1]);
    expect(late).toBeGreaterThan(0);
    expect(html.match(/<tr[^>]*><td>ADU-[0-9A-Z]{8}<\/td><td>/g)?.length ?? 0).toBeGreaterThanOrEqual(late);
    expect(html).toContain('id="table-cases-overdue"');
    // Pseudonyms and tickets only: the seeded complaints' names and story never appear.
    expect(html).not.toMatch(/Mr Lee|belum dibayar tiga bulan/);
  }, 60_000);

  it('refuses bad arguments with the usage', () => {
    expect(report('--from', '2026-02-30', '--to', WEEK.to, '--out', out).status).toBe(2);
    expect(report('--from', WEEK.to, '--to', WEEK.from, '--out', out).stderr).toMatch(/--from must not be after --to/);
    expect(report('--from', WEEK.from).stderr).toMatch(/usage: npm run --silent report/);
  }, 90_000);

  it.skipIf(!tool('chromium', CHROMIUM))(
    'renders in a real browser without errors or requests, with the expected bars',
    async () => {
      const browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const page = await browser.newPage();
        const url = pathToFileURL(out).href;
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
        await page.setRequestInterception(true);
        page.on('request', (r) => {
          if (r.url() === url) return void r.continue();
          problems.push(`request: ${r.url()}`);
          void r.abort();
        });
        await page.goto(url, { waitUntil: 'load' });
        type Node = {
          getAttribute(name: string): string | null;
          getBoundingClientRect(): { width: number; height: number };
          textContent: string | null;
        };
        const bars = (id: string) =>
          page.$$eval(`#${id} [aria-roledescription="bar"]`, (els) =>
            (els as unknown as Node[]).map((el) => ({
              label: el.getAttribute('aria-label') ?? '',
              width: el.getBoundingClientRect().width,
              height: el.getBoundingClientRect().height,
            })),
          );
        const charts = {
          cases: await bars('chart-cases'),
          perDay: await bars('chart-per-day'),
          take: await bars('chart-take'),
          overdueRows: await page.$$eval('#table-overdue tbody tr', (els) =>
            (els as unknown as Node[]).map((tr) => tr.textContent ?? ''),
          ),
          title: await page.title(),
        };
        expect(problems).toEqual([]);
        expect(charts.title).toMatch(/Laporan pengaduan dan hotline: 23 Nov 2026 – 29 Nov 2026/);

        const counts = Object.fromEntries(
          charts.cases.map((b) => {
            const [, what, n] = /^(.*): (\d+)$/.exec(b.label) ?? [];
            return [what, Number(n)];
          }),
        );
        expect(counts).toEqual(EXPECTED_CASE_BARS);
        // Bar lengths follow the counts: the bar of 2 is twice the bar of 1.
        const width = (label: string) => charts.cases.find((b) => b.label === label)?.width ?? 0;
        const one = width('Paspor/dokumen ditahan, diterima: 1');
        expect(one).toBeGreaterThan(20);
        expect(width('Gaji tidak dibayar, diterima: 2') / one).toBeCloseTo(2, 1);

        expect(charts.take.map((b) => b.label).sort()).toEqual([
          '1–4 jam, Biasa: 1',
          '5–15 menit, Biasa: 1',
          '≤ 5 menit, Mendesak: 1',
        ]);
        expect(charts.perDay).toHaveLength(7);
        expect(charts.perDay.reduce((sum, b) => sum + Number(/: (\d+)$/.exec(b.label)?.[1]), 0)).toBe(8);
        expect(charts.overdueRows).toEqual([
          expect.stringMatching(/^PMI-WAIT44 \(mendesak\)–28 Nov 2026, 19\.00masih menunggu$/),
          expect.stringMatching(/^PMI-LATE33ADU-7K3Q9X2M26 Nov 2026, 13\.0026 Nov 2026, 14\.35$/),
        ]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
