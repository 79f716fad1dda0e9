/** Creates the results folder for the scenario rows and prints the one table when all ran. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable, RESULTS_ENV, readRows } from './lib/report.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'faults-results-'));
  process.env[RESULTS_ENV] = dir;
  const started = Date.now();
  return () => {
    const rows = readRows(dir);
    const table = formatTable(rows, (Date.now() - started) / 1000);
    process.stdout.write(`\nFault suite results\n\n${table}\n\n`);
    // Kept for docs/faults.md (the latest table is pasted there).
    mkdirSync(join(process.cwd(), 'var'), { recursive: true });
    writeFileSync(join(process.cwd(), 'var', 'faults-last-table.md'), `${table}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
