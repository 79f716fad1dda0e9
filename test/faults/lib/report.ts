/**
 * One row per scenario, written as JSON to the results folder the global setup creates; the
 * global teardown prints them as the suite's one table (and docs/faults.md keeps the latest).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScenarioRow {
  /** Sort key and label, e.g. "1 redis restarted twice". */
  scenario: string;
  /** Messages (or complaints) sent. */
  sent: number;
  /** Messages answered (or jobs completed). */
  replies: number;
  stored: number;
  lost: number;
  duplicated: number;
  errors: number;
  seconds: number;
  /** Short extra facts: latencies, restarts, kills. */
  notes: string;
}

export const RESULTS_ENV = 'FAULTS_RESULTS_DIR';

export function writeRow(row: ScenarioRow): void {
  const dir = process.env[RESULTS_ENV];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${row.scenario.replace(/[^a-z0-9]+/gi, '-')}.json`);
  writeFileSync(file, JSON.stringify(row));
}

export function readRows(dir: string): ScenarioRow[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as ScenarioRow)
    .sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
}

export function formatTable(rows: ScenarioRow[], totalSeconds?: number): string {
  const head = ['scenario', 'sent', 'replies', 'stored', 'lost', 'duplicated', 'errors', 's', 'notes'];
  const body = rows.map((r) => [
    r.scenario,
    String(r.sent),
    String(r.replies),
    String(r.stored),
    String(r.lost),
    String(r.duplicated),
    String(r.errors),
    r.seconds.toFixed(1),
    r.notes,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  if (totalSeconds !== undefined) out.push('', `whole suite: ${totalSeconds.toFixed(0)} s`);
  return out.join('\n');
}
