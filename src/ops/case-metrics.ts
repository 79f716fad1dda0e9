/**
 * The overdue-cases gauge: open complaint cases past their next-step deadline, as the last
 * case sweep (of any bot process) counted them in Redis. Read at scrape time, so every
 * process reports the same number: aggregate with max(), not sum().
 */
import { Gauge } from 'prom-client';
import type { Metrics } from './metrics.js';

export function registerCaseMetrics(metrics: Metrics, sources: { overdue: () => Promise<number | null> }): void {
  new Gauge({
    name: 'pmi_cases_overdue',
    help: 'Open complaint cases past their next-step deadline (as of the last case sweep)',
    registers: [metrics.registry],
    async collect() {
      const n = await metrics.readSource('cases_overdue', sources.overdue);
      this.set(n ?? Number.NaN);
    },
  });
}
